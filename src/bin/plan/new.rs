//! `plan new`: a commented scenario on standard output, from flags or, when
//! standard input is a terminal (or with `--interactive`), from answers to
//! three questions. Questions and messages go to standard error, so the
//! scenario alone reaches standard output (`plan new > study.toml`).

use std::io::{BufRead, IsTerminal, Write};

use plan::export::{self, Destination};
use plan::registry::{self, DesignEntry, OutcomeEntry};
use plan::PlanError;

/// What `plan new` was given on the command line.
pub struct NewArgs {
    pub outcome: Option<String>,
    pub arms: Option<Vec<String>>,
    pub design: Option<String>,
    pub interactive: bool,
}

/// Runs `plan new`.
pub fn run(args: NewArgs) -> Result<(), PlanError> {
    let ask = args.interactive || (args.arms.is_none() && std::io::stdin().is_terminal());
    let (outcome, arms, design) = if ask {
        let stdin = std::io::stdin();
        answers(&args, &mut stdin.lock(), &mut std::io::stderr())?
    } else {
        let arms = args.arms.clone().ok_or_else(|| {
            PlanError::Input(
                "plan new: --arms is required, the control first (for example --arms vehicle,cm,exosome); \
                 run `plan new` in a terminal, or with --interactive, to be asked instead"
                    .into(),
            )
        })?;
        let outcome = outcome_entry(args.outcome.as_deref().unwrap_or("normal"))?;
        let design = design_entry(args.design.as_deref().unwrap_or("parallel"))?;
        (outcome, arms, design)
    };
    let text = export::template::scenario(outcome.kind, design.kind, &arms)
        .map_err(|e| PlanError::Input(format!("plan new: {}", e.0)))?;
    export::write_all(&[(Destination::Stdout, text.into_bytes())])
}

fn outcome_entry(name: &str) -> Result<&'static OutcomeEntry, PlanError> {
    registry::OUTCOMES.iter().find(|e| e.name == name.trim()).ok_or_else(|| {
        let names: Vec<&str> = registry::OUTCOMES.iter().map(|e| e.name).collect();
        PlanError::Input(format!("plan new: --outcome {name:?}: expected {}", registry::either(&names)))
    })
}

fn design_entry(name: &str) -> Result<&'static DesignEntry, PlanError> {
    registry::DESIGNS.iter().find(|e| e.name == name.trim()).ok_or_else(|| {
        let names: Vec<&str> = registry::DESIGNS.iter().map(|e| e.name).collect();
        PlanError::Input(format!("plan new: --design {name:?}: expected {}", registry::either(&names)))
    })
}

/// Asks for each value the flags did not give, with the default in
/// brackets (Enter takes it); a bad answer is explained and asked again.
/// End of input before every answer is given is an error.
fn answers(
    args: &NewArgs,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<(&'static OutcomeEntry, Vec<String>, &'static DesignEntry), PlanError> {
    let outcome = match &args.outcome {
        Some(o) => outcome_entry(o)?,
        None => {
            let names: Vec<&str> = registry::OUTCOMES.iter().map(|e| e.name).collect();
            let q = format!("Outcome ({}) [normal]: ", names.join(", "));
            ask(input, out, &q, "normal", |a| outcome_entry(&a.to_lowercase()).map_err(|_| unknown(a, &names)))?
        }
    };
    let arms = match &args.arms {
        Some(a) => a.clone(),
        None => {
            ask(input, out, "Arms, comma-separated, the control first [vehicle,treated]: ", "vehicle,treated", |a| {
                let arms: Vec<String> = a.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                if arms.len() < 2 {
                    Err("give at least two arms, the control first, for example vehicle,cm,exosome".into())
                } else {
                    Ok(arms)
                }
            })?
        }
    };
    let design = match &args.design {
        Some(d) => design_entry(d)?,
        None => {
            let fits: Vec<&str> =
                registry::DESIGNS.iter().filter(|d| outcome.designs.contains(&d.kind)).map(|d| d.name).collect();
            let q = format!("Design ({}) [parallel]: ", fits.join(", "));
            ask(input, out, &q, "parallel", |a| {
                let d = design_entry(&a.to_lowercase()).map_err(|_| unknown(a, &fits))?;
                if outcome.designs.contains(&d.kind) {
                    Ok(d)
                } else {
                    let article = if outcome.name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                    Err(format!("{a:?}: {article} {} outcome works with {}", outcome.name, registry::either(&fits)))
                }
            })?
        }
    };
    Ok((outcome, arms, design))
}

/// An answer that names nothing on the list.
fn unknown(answer: &str, names: &[&str]) -> String {
    format!("{answer:?}: expected {}", registry::either(names))
}

/// One question, asked until `parse` accepts the answer.
fn ask<T>(
    input: &mut impl BufRead,
    out: &mut impl Write,
    question: &str,
    default: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, PlanError> {
    loop {
        let _ = write!(out, "{question}");
        let _ = out.flush();
        let mut line = String::new();
        let read =
            input.read_line(&mut line).map_err(|e| PlanError::Input(format!("plan new: reading an answer: {e}")))?;
        if read == 0 {
            return Err(PlanError::Input(format!(
                "plan new: input ended before an answer to {:?}; give --outcome, --arms and --design as flags instead",
                question.split(" (").next().unwrap_or(question).trim_end_matches(": ")
            )));
        }
        let answer = line.trim();
        match parse(if answer.is_empty() { default } else { answer }) {
            Ok(v) => return Ok(v),
            Err(why) => {
                let _ = writeln!(out, "  {}", why.trim_start_matches("plan new: "));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> NewArgs {
        NewArgs { outcome: None, arms: None, design: None, interactive: true }
    }

    #[test]
    fn answers_take_defaults_and_ask_again_after_a_bad_answer() {
        let mut said = Vec::new();
        let (o, arms, d) = answers(
            &none(),
            &mut "gaussian\nbinary\nvehicle\nvehicle, cm ,exosome\ncrossover\n\n".as_bytes(),
            &mut said,
        )
        .unwrap();
        assert_eq!((o.name, d.name), ("binary", "parallel"));
        assert_eq!(arms, ["vehicle", "cm", "exosome"]);
        let said = String::from_utf8(said).unwrap();
        assert!(said.contains("\"gaussian\": expected \"normal\"") && !said.contains("--outcome"), "{said}");
        assert!(said.contains("at least two arms"), "{said}");
        // The design question lists only the designs a binary outcome has.
        assert!(said.contains("Design (parallel"), "{said}");
        assert!(said.contains("\"crossover\""), "{said}");
    }

    #[test]
    fn a_design_the_outcome_cannot_take_is_asked_again() {
        let mut said = Vec::new();
        let (o, _, d) = answers(&none(), &mut "ordinal\n\npaired\nparallel\n".as_bytes(), &mut said).unwrap();
        assert_eq!((o.name, d.name), ("ordinal", "parallel"));
        let said = String::from_utf8(said).unwrap();
        assert!(said.contains("\"paired\": an ordinal outcome works with \"parallel\""), "{said}");
    }

    #[test]
    fn flags_given_are_not_asked_and_end_of_input_is_an_error() {
        let args = NewArgs { outcome: Some("poisson".into()), ..none() };
        let mut said = Vec::new();
        let e = answers(&args, &mut "a,b\n".as_bytes(), &mut said).err().unwrap().to_string();
        assert!(e.contains("input ended") && e.contains("Design"), "{e}");
        assert!(!String::from_utf8(said).unwrap().contains("Outcome"));
    }
}
