//! What the concern is about: the concern types (by sex), and the description, two to four
//! sentences from the tables of `data/intake/` fitted to the person.

use super::generator::Cases;
use super::random::{fits, pick, pick_for, weighted};
use super::text::Ctx;
use crate::domain::intake::{ConcernType, SourceCategory};

impl Cases {
    pub(super) fn concerns(&mut self, male: bool) -> Vec<ConcernType> {
        let weights = self.t.intake.concern_types(male);
        let first = weighted(&mut self.rng, weights);
        let mut v = vec![first];
        if self.rng.f32() < 0.3 {
            let second = weighted(&mut self.rng, weights);
            if second != first && second != ConcernType::Other && first != ConcernType::Other {
                v.push(second);
                v.sort_unstable();
            }
        }
        v
    }

    /// Two to four sentences: who calls, what the concern is, and perhaps danger, an earlier
    /// concern, the context and what the reporter wants.
    pub(super) fn description(
        &mut self,
        ctx: &Ctx<'_>,
        source: SourceCategory,
        concerns: &[ConcernType],
        danger: bool,
        repeat: bool,
    ) -> String {
        let t = &self.t.intake;
        let rng = &mut self.rng;
        let mask = fits(ctx.age);
        let mut d = String::with_capacity(320);
        ctx.fill(&mut d, pick_for(rng, t.openers(source), mask));
        let mut sentences = 1;
        let primary = t.concern_sentences(concerns[0]);
        let first = pick_for(rng, primary, mask);
        d.push(' ');
        ctx.fill(&mut d, first);
        sentences += 1;
        if let Some(&c) = concerns.get(1) {
            d.push(' ');
            ctx.fill(&mut d, pick_for(rng, t.concern_sentences(c), mask));
            sentences += 1;
        } else if rng.f32() < 0.35 {
            let second = pick_for(rng, primary, mask);
            if second != first {
                d.push(' ');
                ctx.fill(&mut d, second);
                sentences += 1;
            }
        }
        if danger {
            d.push(' ');
            ctx.fill(&mut d, pick(rng, &t.danger));
            sentences += 1;
        }
        if sentences < 4 && repeat && rng.f32() < 0.5 {
            d.push(' ');
            ctx.fill(&mut d, pick(rng, &t.repeat));
            sentences += 1;
        }
        if sentences < 4 && rng.f32() < 0.4 {
            d.push(' ');
            ctx.fill(&mut d, pick_for(rng, &t.context, mask));
            sentences += 1;
        }
        if sentences < 4 && rng.f32() < 0.4 {
            d.push(' ');
            d.push_str(pick_for(rng, &t.closing, mask));
        }
        d
    }
}
