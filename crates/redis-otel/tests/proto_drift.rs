//! The committed gRPC code for `proto/redis_otel/status/v1/status.proto` must match what
//! the pinned generator makes (pure Rust: protox parses, tonic-prost-build generates; no
//! protoc needed). Outside CI (`CI` unset) a drift rewrites the file and fails once.

use std::path::PathBuf;

#[test]
fn generated_status_service_matches_the_proto() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fds = protox::compile([root.join("proto/redis_otel/status/v1/status.proto")], [root.join("proto")])
        .expect("status.proto compiles");
    let out = std::env::temp_dir().join(format!("redis-otel-proto-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .out_dir(&out)
        .compile_fds(fds)
        .expect("generate");
    let generated = std::fs::read_to_string(out.join("redis_otel.status.v1.rs")).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    let committed_path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/generated/redis_otel.status.v1.rs");
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if committed != generated {
        if std::env::var_os("CI").is_none() {
            std::fs::write(&committed_path, &generated).unwrap();
        }
        panic!("{} is stale: regenerated from status.proto, commit it", committed_path.display());
    }
}
