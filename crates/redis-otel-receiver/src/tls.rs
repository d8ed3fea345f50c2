//! Builds the rustls client configuration for a receiver block's `tls:` keys.
//!
//! Verification is on whenever TLS is on; `insecure_skip_verify` is the only way to
//! turn it off, and it is logged as a warning.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::config::TlsConfig;

/// A TLS setting that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("tls.{key}: {message}")]
pub struct TlsError {
    /// The offending key.
    pub key: &'static str,
    /// What went wrong.
    pub message: String,
}

fn tls_err(key: &'static str, message: impl Into<String>) -> TlsError {
    TlsError { key, message: message.into() }
}

/// The rustls configuration for these settings.
pub fn client_config(tls: &TlsConfig) -> Result<ClientConfig, TlsError> {
    let provider = Arc::new(provider(tls)?);
    let versions: &[&rustls::SupportedProtocolVersion] = match tls.min_version.as_deref() {
        Some("1.3") => &[&rustls::version::TLS13],
        _ => rustls::DEFAULT_VERSIONS,
    };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .map_err(|e| tls_err("min_version", e.to_string()))?;

    let builder = if tls.insecure_skip_verify {
        tracing::warn!("tls.insecure_skip_verify is set: the Redis server certificate is not verified");
        builder.dangerous().with_custom_certificate_verifier(Arc::new(NoVerify(provider)))
    } else {
        let mut roots = RootCertStore::empty();
        let given = pem_source(("ca_file", &tls.ca_file), ("ca_pem", tls.ca_pem.as_deref()))?;
        if let Some((key, source, pem)) = &given {
            let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| tls_err(key, format!("{source}: {e}")))?;
            if certs.is_empty() {
                return Err(tls_err(key, format!("{source}: no PEM certificate found")));
            }
            for c in certs {
                roots.add(c).map_err(|e| tls_err(key, format!("{source}: {e}")))?;
            }
        }
        if given.is_none() || tls.include_system_ca_certs_pool {
            for c in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(c);
            }
        }
        builder.with_root_certificates(roots)
    };

    let cert = pem_source(("cert_file", &tls.cert_file), ("cert_pem", tls.cert_pem.as_deref()))?;
    let key =
        pem_source(("key_file", &tls.key_file), ("key_pem", tls.key_pem.as_ref().map(|s| s.0.as_str())))?;
    match (cert, key) {
        (Some((cert_key, cert_src, cert_pem)), Some((key_key, key_src, key_pem))) => {
            let chain = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| tls_err(cert_key, format!("{cert_src}: {e}")))?;
            let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
                .map_err(|e| tls_err(key_key, format!("{key_src}: {e}")))?;
            builder.with_client_auth_cert(chain, key).map_err(|e| tls_err(cert_key, e.to_string()))
        }
        _ => Ok(builder.with_no_client_auth()),
    }
}

/// One PEM item given either as a file or inline (contrib's `*_file` / `*_pem` pairs;
/// validation refuses both at once): the key it came from, where from (for errors),
/// and the text.
fn pem_source<'a>(
    (file_key, file): (&'static str, &'a Option<String>),
    (pem_key, pem): (&'static str, Option<&str>),
) -> Result<Option<(&'static str, &'a str, String)>, TlsError> {
    Ok(match (file, pem) {
        (Some(path), _) => Some((
            file_key,
            path.as_str(),
            std::fs::read_to_string(path).map_err(|e| tls_err(file_key, format!("{path}: {e}")))?,
        )),
        (None, Some(pem)) => Some((pem_key, "inline PEM", pem.to_string())),
        (None, None) => None,
    })
}

/// The ring provider, narrowed to `cipher_suites` and `curve_preferences` when given.
/// Names are Go's (what contrib's configs hold). As in Go, the list restricts the TLS
/// 1.2 suites; TLS 1.3 suites are always on.
fn provider(tls: &TlsConfig) -> Result<rustls::crypto::CryptoProvider, TlsError> {
    let mut provider = rustls::crypto::ring::default_provider();
    if !tls.cipher_suites.is_empty() {
        let all = provider.cipher_suites.clone();
        let name =
            |s: &rustls::SupportedCipherSuite| format!("{:?}", s.suite()).replacen("TLS13_", "TLS_", 1);
        for wanted in &tls.cipher_suites {
            if !all.iter().any(|s| name(s) == *wanted) {
                let known: Vec<_> = all.iter().map(name).collect();
                return Err(tls_err(
                    "cipher_suites",
                    format!("`{wanted}` is not available (available: {})", known.join(", ")),
                ));
            }
        }
        provider.cipher_suites.retain(|s| {
            matches!(s, rustls::SupportedCipherSuite::Tls13(_)) || tls.cipher_suites.contains(&name(s))
        });
    }
    if !tls.curve_preferences.is_empty() {
        let mut groups = Vec::new();
        for wanted in &tls.curve_preferences {
            let rustls_name = match wanted.as_str() {
                "X25519" => "X25519",
                "P256" | "P-256" | "CurveP256" => "secp256r1",
                "P384" | "P-384" | "CurveP384" => "secp384r1",
                "P521" | "P-521" | "CurveP521" => "secp521r1",
                "X25519MLKEM768" => "X25519MLKEM768",
                other => {
                    return Err(tls_err(
                        "curve_preferences",
                        format!("unknown curve `{other}` (X25519, P256, P384, P521, X25519MLKEM768)"),
                    ));
                }
            };
            match provider.kx_groups.iter().find(|g| format!("{:?}", g.name()) == rustls_name) {
                Some(g) => groups.push(*g),
                None => {
                    tracing::warn!(curve = %wanted, "tls.curve_preferences: not available in this build; skipped")
                }
            }
        }
        if groups.is_empty() {
            return Err(tls_err(
                "curve_preferences",
                "none of the listed curves is available (X25519, P256, P384)",
            ));
        }
        provider.kx_groups = groups;
    }
    Ok(provider)
}

#[derive(Debug)]
struct NoVerify(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(p: &rustls::crypto::CryptoProvider) -> (Vec<String>, Vec<String>) {
        (
            p.cipher_suites.iter().map(|s| format!("{:?}", s.suite())).collect(),
            p.kx_groups.iter().map(|g| format!("{:?}", g.name())).collect(),
        )
    }

    #[test]
    fn go_cipher_suite_and_curve_names_narrow_the_provider() {
        let tls = TlsConfig {
            cipher_suites: vec!["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384".into()],
            curve_preferences: vec!["P384".into(), "X25519".into(), "X25519MLKEM768".into()],
            ..Default::default()
        };
        let (suites, groups) = names(&provider(&tls).unwrap());
        assert!(suites.contains(&"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384".to_string()), "{suites:?}");
        assert!(!suites.contains(&"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".to_string()), "{suites:?}");
        assert!(suites.iter().any(|s| s.starts_with("TLS13_")), "TLS 1.3 suites stay on, as in Go");
        assert_eq!(groups, ["secp384r1", "X25519"], "in the given order; unavailable ones skipped");
    }

    #[test]
    fn unknown_names_and_bad_pem_name_their_key() {
        let e = provider(&TlsConfig {
            cipher_suites: vec!["TLS_RSA_WITH_RC4_128_SHA".into()],
            ..Default::default()
        })
        .unwrap_err();
        assert!(
            e.to_string().starts_with("tls.cipher_suites: `TLS_RSA_WITH_RC4_128_SHA` is not available"),
            "{e}"
        );
        let e = provider(&TlsConfig { curve_preferences: vec!["P999".into()], ..Default::default() })
            .unwrap_err();
        assert!(e.to_string().starts_with("tls.curve_preferences: unknown curve `P999`"), "{e}");
        let e = client_config(&TlsConfig { ca_pem: Some("not a certificate".into()), ..Default::default() })
            .unwrap_err();
        assert_eq!(e.to_string(), "tls.ca_pem: inline PEM: no PEM certificate found");
        let e =
            client_config(&TlsConfig { ca_file: Some("/nonexistent/ca.pem".into()), ..Default::default() })
                .unwrap_err();
        assert!(e.to_string().starts_with("tls.ca_file: /nonexistent/ca.pem: "), "{e}");
    }
}
