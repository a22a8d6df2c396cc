//! Profiling driver: 10^6 replicates of the headline two-group design.
use plan::engine::{DataPath, NoProgress, Runner, Study};
use plan::scenario::{Overrides, Scenario};
fn main() {
    let raw = std::env::args().any(|a| a == "--raw");
    let threads: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let s = Scenario::from_file("benches/peers/two_group.toml".as_ref(), &Overrides::default()).unwrap();
    let study = Study::new(&s);
    let runner = Runner::new(threads, if raw { DataPath::Raw } else { DataPath::Auto }).unwrap();
    let t = std::time::Instant::now();
    let c = runner.simulate(&study, 64, 1_000_000, 1, &NoProgress);
    eprintln!("{:?} {:?}", c.rejections, t.elapsed());
}
