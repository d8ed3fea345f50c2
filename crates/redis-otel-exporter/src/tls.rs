//! TLS to the collector, built by the same code as TLS to Redis
//! ([`redis_otel_receiver::tls::client_config`]): one place decides roots, client
//! certificates, `server_name_override` and `insecure_skip_verify` for the whole
//! workspace. tonic's own TLS cannot skip verification, so the exporter connects
//! through this rustls connector (ALPN `h2`, as gRPC servers require).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tonic::codegen::Service;
use tonic::transport::Uri;

use crate::config::ExporterTls;

/// A connector for tonic: TCP, then a rustls handshake.
#[derive(Clone)]
pub(crate) struct RustlsConnector {
    config: Arc<rustls::ClientConfig>,
    server_name: Option<String>,
}

impl RustlsConnector {
    /// The connector for the exporter's `tls:` keys; errors name the key.
    pub(crate) fn new(tls: &ExporterTls) -> Result<Self, String> {
        if tls.insecure_skip_verify {
            tracing::warn!(
                "exporters.otlp.tls.insecure_skip_verify is set: the collector certificate is not verified"
            );
        }
        let settings = redis_otel_receiver::config::TlsConfig {
            insecure: Some(false),
            insecure_skip_verify: tls.insecure_skip_verify,
            ca_file: tls.ca_file.clone(),
            cert_file: tls.cert_file.clone(),
            key_file: tls.key_file.clone(),
            server_name_override: tls.server_name_override.clone(),
            ..Default::default()
        };
        let mut config = redis_otel_receiver::tls::client_config(&settings).map_err(|e| e.to_string())?;
        config.alpn_protocols = vec![b"h2".to_vec()];
        Ok(RustlsConnector { config: Arc::new(config), server_name: tls.server_name_override.clone() })
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Service<Uri> for RustlsConnector {
    type Response = TokioIo<tokio_rustls::client::TlsStream<TcpStream>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let config = self.config.clone();
        let name = self.server_name.clone();
        Box::pin(async move {
            let host = uri.host().ok_or("the endpoint has no host")?.trim_matches(['[', ']']).to_string();
            let port = uri.port_u16().unwrap_or(443);
            let tcp = TcpStream::connect((host.as_str(), port)).await?;
            tcp.set_nodelay(true)?;
            let server_name = ServerName::try_from(name.unwrap_or(host))?;
            let tls = tokio_rustls::TlsConnector::from(config).connect(server_name, tcp).await?;
            Ok(TokioIo::new(tls))
        })
    }
}
