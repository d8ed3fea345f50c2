//! The committed C header must be what cbindgen generates from the current source.
//! Outside CI (`CI` unset) a stale header is rewritten and the test still fails once,
//! so the change is seen and committed.

use std::path::PathBuf;

#[test]
fn committed_header_is_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut generated);
    let generated = String::from_utf8(generated).expect("UTF-8 header");
    for name in [
        "redis_otel_version",
        "redis_otel_receiver_new",
        "redis_otel_receiver_collect",
        "redis_otel_receiver_status",
        "redis_otel_buffer_free",
        "redis_otel_receiver_free",
        "redis_otel_last_error",
        "REDIS_OTEL_ERR_TIMEOUT",
        "typedef struct redis_otel_receiver redis_otel_receiver;",
        "size_t len;",
    ] {
        assert!(generated.contains(name), "generated header lacks `{name}`:\n{generated}");
    }
    redis_otel_receiver::catalog::codegen::check_committed(
        &root.join("include/redis_otel.h"),
        &generated,
        "src/lib.rs",
    );
}
