//! Texts of the forløbshjul: its phases and choices, the wheel as the measures tab and the case
//! header show it, the rounds in the summary, and the chronology lines of its events.

use super::{Lang, pick};
use crate::domain::EventPayload;
use crate::domain::dates::format_date;
use crate::domain::flow::{Effect, Need, NextStepChoice, Phase, Round, Wheel};

macro_rules! labels {
    ($fn:ident, $ty:ty { $($v:ident => $da:expr, $en:expr;)* }) => {
        pub fn $fn(lang: Lang, v: $ty) -> &'static str {
            match v { $(<$ty>::$v => pick(lang, $da, $en)),* }
        }
    };
}

labels!(phase, Phase {
    Analysis => "analyse", "analysis";
    Plan => "handleplan", "action plan";
    Trial => "afprøvning", "trial";
    Evaluation => "evaluering", "evaluation";
    NextStep => "afklaring med ledelsen", "clarification with leadership";
});

labels!(effect, Effect {
    Helped => "Det hjalp", "It helped";
    Partly => "Det hjalp delvist", "It helped partly";
    NotHelped => "Det hjalp ikke", "It did not help";
});

labels!(choice, NextStepChoice {
    Continue => "Fortsæt (ny runde med det interne støttesystem)", "Continue (a new round with the internal support system)";
    ExternalSupport => "Inddrag det eksterne støttesystem / samarbejdspartnere", "Involve the external support system / partners";
    Parents => "Intensivér samarbejdet med forældrene", "Intensify the cooperation with the parents";
    Close => "Luk sagen", "Close the case";
});

labels!(choice_short, NextStepChoice {
    Continue => "fortsæt", "continue";
    ExternalSupport => "eksternt støttesystem", "external support";
    Parents => "forældresamarbejdet", "the parents";
    Close => "luk sagen", "close";
});

macro_rules! round_texts {
    ($($key:ident => $da:expr, $en:expr;)*) => {
        /// Fixed texts of the forløbshjul.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum W { $($key),* }
        impl W {
            pub fn get(self, lang: Lang) -> &'static str {
                match self {
                    $(W::$key => pick(lang, $da, $en)),*
                }
            }
        }
    };
}

round_texts! {
    Wheel => "Forløbshjul", "Case wheel";
    Round => "Runde", "Round";
    Next => "Næste", "Next";
    Done => "afsluttede runder", "rounds done";
    NotStarted => "Hjulet starter, når sagen er i indsatsfasen.", "The wheel starts once the case is in the measures stage.";
    Rounds => "Forløbshjul (runder)", "Case wheel (rounds)";
    Analysis => "Analyse", "Analysis";
    AnalysisHint => "Situationen, tidligere analyser og planer, samarbejdet med forældrene", "The situation, earlier analyses and plans, the cooperation with the parents";
    Goals => "Mål", "Goals";
    Who => "Hvem gør hvad", "Who does what";
    EvaluateBy => "Evalueres senest", "Evaluate by";
    Effect => "Virkede det?", "Did it help?";
    EvaluationText => "Evaluering", "Evaluation";
    EvaluationHint => "Hvad virkede, målt mod handleplanens mål", "What worked, measured against the plan's goals";
    Choice => "Næste skridt", "Next step";
    With => "Aftalt med", "Agreed with";
    WithHint => "Hvem i ledelsen næste skridt er afklaret med", "Who in leadership the next step was agreed with";
    Note => "Bemærkning", "Note";
    Date => "Dato", "Date";
    AnalysisTitle => "Analyse", "Analysis";
    PlanTitle => "Handleplan", "Action plan";
    EvaluationTitle => "Evaluering", "Evaluation";
    DecisionTitle => "Afklaring med ledelsen", "Clarification with leadership";
    Saved => "Gemt i forløbshjulet", "Saved on the case wheel";
    ThenClose => "Runden lukker sagen: udfyld afslutningen.", "The round closes the case: fill in the closure.";
    DraftStale => "Hjulet er gået videre siden kladden: den kan slettes med x i arbejdslisten.", "The wheel has moved on since the draft: delete it with x in the work queue.";
    PlanGoalsBanner => "Handleplanens mål", "The plan's goals";
    NoMeasuresYet => "ingen indsatser i runden endnu", "no measures in the round yet";
    MeasuresOfRound => "indsatser", "measures";
}

/// What the next phase needs, with its key: "evaluering senest 12-02-2027 (w)".
pub fn need(lang: Lang, n: Need) -> String {
    match n {
        Need::Analysis => pick(
            lang,
            "analyse af situationen (w)",
            "analysis of the situation (w)",
        )
        .into(),
        Need::Plan => pick(
            lang,
            "handleplan: mål, hvem gør hvad, evalueringsdato (w)",
            "action plan: goals, who does what, evaluation date (w)",
        )
        .into(),
        Need::Measure => pick(
            lang,
            "mindst én indsats i runden (m)",
            "at least one measure in the round (m)",
        )
        .into(),
        Need::Evaluation { by, overdue: false } => format!(
            "{} {} (w)",
            pick(lang, "evaluering senest", "evaluation by"),
            format_date(by)
        ),
        Need::Evaluation { by, overdue: true } => format!(
            "{} {} (w)",
            pick(
                lang,
                "evaluering forfalden siden",
                "evaluation overdue since"
            ),
            format_date(by)
        ),
        Need::Decision => pick(
            lang,
            "afklaring med ledelsen om næste skridt (w)",
            "clarification with leadership on the next step (w)",
        )
        .into(),
        Need::Closure => pick(
            lang,
            "runden besluttede at lukke sagen (c)",
            "the round decided to close the case (c)",
        )
        .into(),
    }
}

/// "Runde 2 · afprøvning · næste: evaluering senest 12-02-2027 (w)": the case header's line.
/// The phase is named only when the next step is not the phase itself (the trial).
pub fn line(lang: Lang, w: &Wheel) -> String {
    let at = match w.phase {
        Phase::Trial => format!(" · {}", phase(lang, w.phase)),
        _ => String::new(),
    };
    format!(
        "{} {}{at} · {}: {}",
        W::Round.get(lang),
        w.round,
        W::Next.get(lang).to_lowercase(),
        need(lang, w.need)
    )
}

/// The wheel drawn in one line, the current phase in brackets:
/// "analyse ✓ → handleplan ✓ → [afprøvning] → evaluering → afklaring".
pub fn ring(lang: Lang, w: &Wheel) -> String {
    let short = |p: Phase| match p {
        Phase::NextStep => pick(lang, "afklaring", "next step"),
        p => phase(lang, p),
    };
    let at = w.phase as usize;
    Phase::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == at && w.need != Need::Closure {
                format!("[{}]", short(*p))
            } else if i < at || w.need == Need::Closure {
                format!("{} ✓", short(*p))
            } else {
                short(*p).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A finished round in a line of the measures tab: "Runde 1: Fremmøde over 90 % · det hjalp
/// delvist → forældresamarbejdet".
pub fn compact_line(lang: Lang, r: &Round) -> String {
    let mut s = format!("{} {}", W::Round.get(lang), r.no);
    if let Some(p) = &r.plan {
        s.push_str(&format!(": {}", p.goals));
    }
    if let Some(e) = &r.evaluation {
        s.push_str(&format!(" · {}", effect(lang, e.effect).to_lowercase()));
    }
    if let Some(d) = &r.decision {
        s.push_str(&format!(" → {}", choice_short(lang, d.choice)));
    }
    s
}

/// One round as the summary lists it: "Runde 2 · evaluering 12-02-2027: Det hjalp delvist ·
/// næste skridt: Inddrag … (aftalt med Hanne)".
pub fn summary_line(lang: Lang, r: &Round, today: chrono::NaiveDate) -> String {
    let mut s = format!("{} {}", W::Round.get(lang), r.no);
    if let Some(a) = &r.analysis {
        s.push_str(&format!(
            " · {} {}",
            phase(lang, Phase::Analysis),
            format_date(a.date)
        ));
    }
    if let Some(p) = &r.plan {
        s.push_str(&format!(
            " · {} {}: {}",
            phase(lang, Phase::Plan),
            format_date(p.date),
            p.goals
        ));
    }
    match (&r.evaluation, r.evaluation_due()) {
        (Some(e), _) => s.push_str(&format!(
            " · {} {}: {}",
            phase(lang, Phase::Evaluation),
            format_date(e.date),
            effect(lang, e.effect)
        )),
        (None, Some(by)) => s.push_str(&format!(
            " · {} {} {}",
            phase(lang, Phase::Evaluation),
            if by < today {
                pick(lang, "forfalden siden", "overdue since")
            } else {
                pick(lang, "senest", "by")
            },
            format_date(by)
        )),
        (None, None) => {}
    }
    if let Some(d) = &r.decision {
        s.push_str(&format!(
            " · {}: {} ({} {})",
            pick(lang, "næste skridt", "next step"),
            choice(lang, d.choice),
            pick(lang, "aftalt med", "agreed with"),
            d.with
        ));
    } else if let Some(p) = r.phase(today) {
        s.push_str(&format!(
            " · {}: {}",
            pick(lang, "nu", "now"),
            phase(lang, p)
        ));
    }
    s
}

/// The chronology line of a round's event, or `None` for other events.
pub fn event(lang: Lang, p: &EventPayload) -> Option<String> {
    let head =
        |round: u32, p: Phase| format!("{} {round} · {}", W::Round.get(lang), phase(lang, p));
    Some(match p {
        EventPayload::RoundAnalysed { round, analysis } => {
            format!("{}: {}", head(*round, Phase::Analysis), analysis.text)
        }
        EventPayload::RoundPlanned { round, plan } => format!(
            "{}: {} · {}: {} · {} {}",
            head(*round, Phase::Plan),
            plan.goals,
            W::Who.get(lang),
            plan.who,
            W::EvaluateBy.get(lang).to_lowercase(),
            format_date(plan.evaluate_by)
        ),
        EventPayload::RoundEvaluated { round, evaluation } => format!(
            "{}: {} · {}",
            head(*round, Phase::Evaluation),
            effect(lang, evaluation.effect),
            evaluation.text
        ),
        EventPayload::RoundDecided { round, decision } => {
            let mut s = format!(
                "{}: {} ({} {})",
                head(*round, Phase::NextStep),
                choice(lang, decision.choice),
                pick(lang, "aftalt med", "agreed with"),
                decision.with
            );
            if !decision.note.is_empty() {
                s.push_str(&format!(" · {}", decision.note));
            }
            s
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_marks_the_phase_the_case_is_in() {
        let w = Wheel {
            round: 2,
            phase: Phase::Trial,
            done: 1,
            need: Need::Measure,
        };
        assert_eq!(
            ring(Lang::Da, &w),
            "analyse ✓ → handleplan ✓ → [afprøvning] → evaluering → afklaring"
        );
        assert!(line(Lang::En, &w).starts_with("Round 2 · trial · next: at least one measure"));
    }
}
