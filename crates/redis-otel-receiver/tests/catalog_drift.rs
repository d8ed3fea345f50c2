//! The committed catalog code and docs must match `metadata.yaml`.
//! Outside CI (`CI` unset) a drift rewrites the files and still fails once, so the
//! developer sees and commits the change.

use std::path::PathBuf;

use redis_otel_receiver::catalog::codegen;

#[test]
fn generated_catalog_and_docs_match_metadata() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let md = codegen::parse(&std::fs::read_to_string(root.join("metadata.yaml")).unwrap()).unwrap();
    codegen::check_committed(
        &root.join("src/catalog/generated.rs"),
        &codegen::render_rust(&md),
        "metadata.yaml",
    );
    codegen::check_committed(
        &root.join("../../docs/metrics.md"),
        &codegen::render_markdown(&md),
        "metadata.yaml",
    );
}
