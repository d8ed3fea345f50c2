//! The committed code for `proto/redis_otel/status/v1/status.proto` must match what the
//! pinned generator makes (pure Rust: protox parses, tonic-prost-build generates; no
//! protoc needed): the messages here, and the agent's gRPC service, which refers to
//! them. Outside CI (`CI` unset) a drift rewrites the files and fails once.

use std::path::{Path, PathBuf};

use redis_otel_receiver::catalog::codegen::check_committed;

fn generate(root: &Path, configure: tonic_prost_build::Builder) -> String {
    let fds = protox::compile([root.join("proto/redis_otel/status/v1/status.proto")], [root.join("proto")])
        .expect("status.proto compiles");
    let out = std::env::temp_dir().join(format!("redis-otel-proto-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&out).unwrap();
    configure.out_dir(&out).compile_fds(fds).expect("generate");
    let generated = std::fs::read_to_string(out.join("redis_otel.status.v1.rs")).unwrap();
    let _ = std::fs::remove_dir_all(&out);
    generated
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

#[test]
fn generated_status_code_matches_the_proto() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = here.join("../..").canonicalize().expect("repository root");
    let messages = generate(&root, tonic_prost_build::configure().build_client(false).build_server(false));
    let service = generate(
        &root,
        tonic_prost_build::configure()
            .build_client(true)
            .build_server(true)
            .extern_path(".redis_otel.status.v1", "::redis_otel_status::v1"),
    );
    assert!(messages.contains("pub struct TargetStatus") && !messages.contains("status_service_server"));
    assert!(service.contains("status_service_server") && !service.contains("pub struct TargetStatus"));
    let check = |path: PathBuf, generated: &str| check_committed(&path, generated, "status.proto");
    check(here.join("src/generated/redis_otel.status.v1.rs"), &messages);
    check(root.join("crates/redis-otel/src/generated/redis_otel.status.v1.rs"), &service);
}
