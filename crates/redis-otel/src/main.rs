//! `redis-otel`: scrape Redis and print OpenTelemetry metrics, validate agent configs.
//!
//! ```text
//! redis-otel scrape --endpoint 127.0.0.1:6379 [--format table|otlp-json]
//! redis-otel scrape --config agent.yaml --format otlp-json
//! redis-otel validate --config agent.yaml
//! ```
//!
//! Exit codes: 0 success; 1 a target could not be scraped (the message names the
//! endpoint and the cause); 2 a bad command line or config (the message names the key
//! and its line).

mod admin;
mod agent_config;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use agent_config::AgentConfig;
use clap::{Parser, Subcommand, ValueEnum};
use redis_otel_receiver::config::{Secret, Transport, parse_duration};
use redis_otel_receiver::{Receiver, ReceiverConfig};

#[derive(Parser)]
#[command(name = "redis-otel", version, about = "OpenTelemetry metrics for Redis")]
struct Cli {
    /// Log level (error, warn, info, debug, trace); RUST_LOG wins when set.
    #[arg(long, global = true, default_value = "warn")]
    log_level: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scrape once and print the metrics.
    Scrape(ScrapeArgs),
    /// Run the agent: scrape every target and push OTLP to a collector until SIGTERM/SIGINT.
    Run {
        /// The agent config file.
        #[arg(long)]
        config: PathBuf,
    },
    /// Print the health and per-target status of a running agent (its admin endpoint).
    Status {
        /// host:port of the agent's admin endpoint.
        #[arg(long)]
        admin: String,
    },
    /// Check an agent config file; names the key and line of the first problem.
    Validate {
        /// The agent config file.
        #[arg(long)]
        config: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Aligned, one block per target.
    Table,
    /// One ExportMetricsServiceRequest in OTLP/JSON.
    OtlpJson,
}

#[derive(clap::Args)]
struct ScrapeArgs {
    /// host:port of one Redis (or a socket path with --transport unix).
    #[arg(long, conflicts_with = "config", required_unless_present = "config")]
    endpoint: Option<String>,
    /// tcp or unix.
    #[arg(long, default_value = "tcp")]
    transport: String,
    /// ACL user.
    #[arg(long, env = "REDIS_OTEL_USERNAME")]
    username: Option<String>,
    /// Password (prefer the REDIS_OTEL_PASSWORD environment variable).
    #[arg(long, env = "REDIS_OTEL_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// An agent config file: scrapes every target of every receiver block.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Give up on a target after this long (Go duration syntax).
    #[arg(long, default_value = "5s")]
    timeout: String,
}

fn init_logging(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .try_init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log_level);
    match cli.command {
        Command::Validate { config } => match AgentConfig::load(&config) {
            Ok(cfg) => {
                // The exporter block is checked only when present: `scrape` needs none.
                let exporter = match cfg.exporters {
                    Some(_) => run::resolved_exporter(&cfg).map(drop),
                    None => Ok(()),
                };
                if let Err(e) = exporter {
                    eprintln!("error: {}: {e}", config.display());
                    return ExitCode::from(2);
                }
                let targets: usize = cfg.receivers.values().map(|r| r.all_endpoints().len()).sum();
                println!(
                    "{}: ok ({} receiver blocks, {targets} targets)",
                    config.display(),
                    cfg.receivers.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Scrape(args) => scrape(args),
        Command::Status { admin } => match admin::print_status(&admin, Duration::from_secs(5)) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Run { config } => {
            let cfg = match AgentConfig::load(&config) {
                Ok(cfg) => cfg,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            match run::run(cfg) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {}: {e}", config.display());
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn receiver_for(args: &ScrapeArgs) -> Result<Receiver, String> {
    if let Some(path) = &args.config {
        let cfg = AgentConfig::load(path).map_err(|e| e.to_string())?;
        return Receiver::new(cfg.blocks()).map_err(|e| format!("{}: {e}", path.display()));
    }
    let transport = match args.transport.as_str() {
        "tcp" => Transport::Tcp,
        "unix" => Transport::Unix,
        other => return Err(format!("--transport: `{other}` is not tcp or unix")),
    };
    let mut cfg = ReceiverConfig::for_endpoint(args.endpoint.clone().unwrap_or_default());
    cfg.transport = transport;
    cfg.username = args.username.clone();
    cfg.password = args.password.clone().map(Secret);
    let timeout = parse_duration(&args.timeout).map_err(|e| format!("--timeout: {e}"))?;
    cfg.timeout = Some(redis_otel_receiver::config::GoDuration(timeout));
    Receiver::single(&cfg).map_err(|e| format!("--{e}"))
}

fn scrape(args: ScrapeArgs) -> ExitCode {
    let receiver = match receiver_for(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let deadline = match parse_duration(&args.timeout) {
        Ok(d) if !d.is_zero() => d,
        _ => {
            eprintln!("error: --timeout: `{}` is not a positive duration (e.g. 5s)", args.timeout);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };

    let pipeline = redis_otel_otlp::OnDemand::new(receiver.targets().len());
    receiver.register(&pipeline.meter());

    let outcomes = runtime.block_on(async {
        let outcomes = receiver.scrape_all(deadline).await;
        for t in receiver.targets() {
            let _ = tokio::time::timeout(Duration::from_millis(500), t.close()).await;
        }
        outcomes
    });
    let req = match pipeline.collect(receiver.store()) {
        Ok(req) => req,
        Err(e) => {
            eprintln!("error: collecting metrics: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.format {
        Format::Table => print!("{}", redis_otel_otlp::to_table(&req)),
        Format::OtlpJson => println!("{}", redis_otel_otlp::to_json(&req)),
    }
    pipeline.shutdown();
    let mut failed = false;
    for o in &outcomes {
        if let Some(e) = &o.error {
            eprintln!("error: {e}");
            failed = true;
        }
    }
    runtime.shutdown_timeout(Duration::from_millis(200));
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
