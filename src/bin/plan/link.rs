//! The path by which the Markdown report links the plot: relative to the
//! report's directory, since a Markdown viewer resolves links from there,
//! not from the directory `plan` was run in.

use std::path::{Component, Path, PathBuf};

/// The link from a report at `report` to a plot at `plot`, both as given on
/// the command line (relative to `cwd` unless absolute). The result is
/// relative to the report's directory, with `/` between components: report
/// `out/r.md`, plot `figs/c.png` → `../figs/c.png`. An absolute plot path
/// stays absolute, unless the plot is in the report's directory or below it
/// (then the link is that relative path, and survives moving the folder).
pub fn plot_link(plot: &Path, report: &Path, cwd: &Path) -> String {
    let link = relative(plot, report, cwd);
    if plot.is_absolute() && (link.starts_with("../") || Path::new(&link).is_absolute()) {
        return plot.display().to_string();
    }
    link
}

fn relative(plot: &Path, report: &Path, cwd: &Path) -> String {
    let plot_abs = normalize(&cwd.join(plot));
    let report_dir = normalize(&cwd.join(report).parent().map_or_else(|| cwd.to_path_buf(), Path::to_path_buf));
    let (p, d): (Vec<Component<'_>>, Vec<Component<'_>>) =
        (plot_abs.components().collect(), report_dir.components().collect());
    let common = p.iter().zip(&d).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Different roots (another drive): only an absolute path works.
        return plot_abs.display().to_string();
    }
    let ups = std::iter::repeat_n("..".to_string(), d.len() - common);
    let downs = p[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// `path` with `.` removed and `..` applied, without touching the file
/// system (the files need not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plot_link;
    use std::path::Path;

    fn link(plot: &str, report: &str) -> String {
        plot_link(Path::new(plot), Path::new(report), Path::new("/home/u/study"))
    }

    #[test]
    fn links_are_relative_to_the_report() {
        assert_eq!(link("c.png", "r.md"), "c.png");
        assert_eq!(link("out/c.png", "out/r.md"), "c.png");
        assert_eq!(link("figs/c.png", "out/r.md"), "../figs/c.png");
        assert_eq!(link("c.png", "out/deep/r.md"), "../../c.png");
        assert_eq!(link("out/figs/c.png", "out/r.md"), "figs/c.png");
        assert_eq!(link("./figs/../c.png", "./r.md"), "c.png");
        assert_eq!(link("../c.png", "r.md"), "../c.png");
        assert_eq!(link("c.png", "/tmp/r.md"), "../home/u/study/c.png");
        assert_eq!(link("/data/c.png", "out/r.md"), "/data/c.png");
        assert_eq!(link("/data/c.png", "/data/r.md"), "c.png");
        assert_eq!(link("/data/figs/c.png", "/data/r.md"), "figs/c.png");
        assert_eq!(link("/data/figs/c.png", "/data/out/r.md"), "/data/figs/c.png");
    }
}
