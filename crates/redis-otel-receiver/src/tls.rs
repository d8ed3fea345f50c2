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
    let provider = Arc::new(rustls::crypto::ring::default_provider());
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
        match &tls.ca_file {
            Some(path) => {
                let certs = CertificateDer::pem_file_iter(path)
                    .map_err(|e| tls_err("ca_file", format!("{path}: {e}")))?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| tls_err("ca_file", format!("{path}: {e}")))?;
                if certs.is_empty() {
                    return Err(tls_err("ca_file", format!("{path}: no PEM certificate found")));
                }
                for c in certs {
                    roots.add(c).map_err(|e| tls_err("ca_file", format!("{path}: {e}")))?;
                }
            }
            None => {
                for c in rustls_native_certs::load_native_certs().certs {
                    let _ = roots.add(c);
                }
            }
        }
        builder.with_root_certificates(roots)
    };

    match (&tls.cert_file, &tls.key_file) {
        (Some(cert), Some(key)) => {
            let chain = CertificateDer::pem_file_iter(cert)
                .map_err(|e| tls_err("cert_file", format!("{cert}: {e}")))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| tls_err("cert_file", format!("{cert}: {e}")))?;
            let key =
                PrivateKeyDer::from_pem_file(key).map_err(|e| tls_err("key_file", format!("{key}: {e}")))?;
            builder.with_client_auth_cert(chain, key).map_err(|e| tls_err("cert_file", e.to_string()))
        }
        _ => Ok(builder.with_no_client_auth()),
    }
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
