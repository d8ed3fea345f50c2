//! The one place that calls the YAML parser.
//!
//! `serde_yaml` is archived upstream; every YAML call of the workspace goes through
//! this module so that replacing the parser touches one file.

use serde::de::DeserializeOwned;

/// A YAML document that does not fit the expected shape.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    /// Human message naming the key, with `at line L column C` when known.
    pub message: String,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
}

/// Deserializes `text`; the error names the key path and the line.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        refine(text, YamlError { message: e.to_string(), line })
    })
}

/// A value rejected by a custom deserializer (e.g. a duration) is reported by serde_yaml
/// at its enclosing mapping. When the message quotes the value (`` `soon` ``), point at
/// the line that holds it and add its key to the path.
fn refine(text: &str, err: YamlError) -> YamlError {
    let (Some(start), Some(line)) = (err.message.find('`'), err.line) else { return err };
    let Some(len) = err.message[start + 1..].find('`') else { return err };
    let value = &err.message[start + 1..start + 1 + len];
    let found = text.lines().enumerate().skip(line.saturating_sub(1)).find_map(|(i, l)| {
        let (key, v) = l.split_once(':')?;
        let v = v.split(" #").next().unwrap_or(v).trim().trim_matches(['"', '\'']);
        (v == value).then(|| (i + 1, key.trim().trim_start_matches("- ").to_string()))
    });
    let Some((at, key)) = found else { return err };
    let message = match err.message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => {
            format!("{path}.{key}: {}", rest.split(" at line ").next().unwrap_or(rest))
        }
        // A top-level key: serde_yaml gives no path, so the key starts the message.
        _ => format!("{key}: {}", err.message.split(" at line ").next().unwrap_or(&err.message)),
    };
    YamlError { message: format!("{message} at line {at}"), line: Some(at) }
}

/// Deserializes an already parsed value (for nested blocks handed around as values).
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, YamlError> {
    serde_yaml::from_value(value).map_err(|e| YamlError { message: e.to_string(), line: None })
}

/// Serializes to YAML text.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    serde_yaml::to_string(value).map_err(|e| YamlError { message: e.to_string(), line: None })
}

/// An untyped YAML value.
pub type Value = serde_yaml::Value;

/// The 1-based line where `key:` first appears as a mapping key in `text` at or after
/// line `after` (0 for the start), for errors found after deserializing.
pub fn line_of(text: &str, key: &str, after: usize) -> Option<usize> {
    text.lines().enumerate().skip(after.saturating_sub(1)).find_map(|(i, line)| {
        let t = line.trim_start().trim_start_matches("- ");
        let t = t.trim_start_matches(['"', '\'']);
        let rest = t.strip_prefix(key)?;
        let rest = rest.trim_start_matches(['"', '\'']);
        rest.starts_with(':').then_some(i + 1)
    })
}

/// The line of a dotted key reported by validation (`metrics.redis.cmd.calls`) inside
/// the block that starts at line `block` (0 for a whole document): the first segment is
/// a key of the block, the rest (dots included) one key below it. Falls back to the
/// first segment's line, then to `block`.
pub fn line_of_path(text: &str, key: &str, block: usize) -> Option<usize> {
    let (first, rest) = key.split_once('.').map_or((key, None), |(f, r)| (f, Some(r)));
    let first_line = line_of(text, first, block);
    match rest {
        Some(rest) => first_line.and_then(|l| line_of(text, rest, l)).or(first_line),
        None => first_line,
    }
    .or((block > 0).then_some(block))
}

/// Expands `${env:NAME}` and `${NAME}` like the collector does; `$$` stands for `$`.
/// A variable that is not set is an error naming it and its line.
pub fn expand_env(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, YamlError> {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with('#') {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(pos) = rest.find('$') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            if let Some(tail) = after.strip_prefix('$') {
                out.push('$');
                rest = tail;
            } else if let Some(body) = after.strip_prefix('{') {
                let Some(end) = body.find('}') else {
                    return Err(YamlError {
                        message: format!("unterminated `${{` at line {}", n + 1),
                        line: Some(n + 1),
                    });
                };
                let name = &body[..end];
                let name = name.strip_prefix("env:").unwrap_or(name);
                let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(YamlError {
                        message: format!(
                            "`${{{}}}` at line {} is not an environment variable reference",
                            &body[..end],
                            n + 1
                        ),
                        line: Some(n + 1),
                    });
                }
                match lookup(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        return Err(YamlError {
                            message: format!("environment variable `{name}` is not set (line {})", n + 1),
                            line: Some(n + 1),
                        });
                    }
                }
                rest = &body[end + 1..];
            } else {
                out.push('$');
                rest = after;
            }
        }
        out.push_str(rest);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "PW").then(|| "s3cret".to_string())
    }

    #[test]
    fn expands_both_forms_and_escapes() {
        let out = expand_env("a: ${env:PW}\nb: ${PW}\nc: $$x\nd: $5\n", env).unwrap();
        assert_eq!(out, "a: s3cret\nb: s3cret\nc: $x\nd: $5\n");
    }

    #[test]
    fn missing_variable_names_it_and_line() {
        let e = expand_env("a: 1\nb: ${env:NOPE}\n", env).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("NOPE"), "{}", e.message);
    }

    #[test]
    fn comments_are_not_expanded() {
        assert_eq!(expand_env("# ${env:NOPE}\n", env).unwrap(), "# ${env:NOPE}\n");
    }

    #[test]
    fn finds_key_lines() {
        let t = "receivers:\n  redis:\n    metrics:\n      redis.nope:\n        enabled: true\n";
        assert_eq!(line_of(t, "redis.nope", 0), Some(4));
        assert_eq!(line_of(t, "metrics", 2), Some(3));
        assert_eq!(line_of(t, "absent", 0), None);
    }
}
