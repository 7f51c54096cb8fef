//! The stages a case moves through, and which moves are allowed.

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    Intake,
    Screening,
    JointReview,
    Enrichment,
    Measures,
    Closed,
}

impl Stage {
    pub const ALL: &'static [Stage] = &[
        Stage::Intake,
        Stage::Screening,
        Stage::JointReview,
        Stage::Enrichment,
        Stage::Measures,
        Stage::Closed,
    ];

    fn index(self) -> usize {
        self as usize
    }

    pub fn is_open(self) -> bool {
        self != Stage::Closed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum StageError {
    #[error("the case is already in that stage")]
    SameStage,
    #[error("skipping a stage needs a recorded reason")]
    SkipNeedsReason,
    #[error("going back or reopening needs a recorded reason")]
    BackNeedsReason,
    #[error("the case cannot leave intake until the police contact is recorded")]
    PoliceContactMissing,
}

/// What the rules need to know about the case besides its stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransitionContext {
    /// Imminent danger flagged but no police contact recorded.
    pub danger_without_police_contact: bool,
}

/// Checks a stage change. Forward by one stage is the normal path; a skip or a step back
/// (including reopening a closed case) is allowed only with a reason, so the chronology always
/// explains why the flow was left.
pub fn check_transition(
    from: Stage,
    to: Stage,
    reason: Option<&str>,
    ctx: TransitionContext,
) -> Result<(), StageError> {
    let has_reason = reason.is_some_and(|r| !r.trim().is_empty());
    if from == to {
        return Err(StageError::SameStage);
    }
    if from == Stage::Intake && ctx.danger_without_police_contact {
        return Err(StageError::PoliceContactMissing);
    }
    // Closing is allowed from any stage; the closing reason is recorded by the closing step.
    let forward_one =
        to.index() == from.index() + 1 || (to == Stage::Closed && from != Stage::Closed);
    if to.index() > from.index() {
        if forward_one || has_reason {
            Ok(())
        } else {
            Err(StageError::SkipNeedsReason)
        }
    } else if has_reason {
        Ok(())
    } else {
        Err(StageError::BackNeedsReason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: TransitionContext = TransitionContext {
        danger_without_police_contact: false,
    };

    #[test]
    fn moving_one_stage_forward_needs_no_reason() {
        assert_eq!(
            check_transition(Stage::Intake, Stage::Screening, None, NONE),
            Ok(())
        );
        assert_eq!(
            check_transition(Stage::Enrichment, Stage::Measures, None, NONE),
            Ok(())
        );
    }

    #[test]
    fn skipping_a_stage_needs_a_reason() {
        assert_eq!(
            check_transition(Stage::Screening, Stage::Enrichment, None, NONE),
            Err(StageError::SkipNeedsReason)
        );
        assert_eq!(
            check_transition(Stage::Screening, Stage::Enrichment, Some("  "), NONE),
            Err(StageError::SkipNeedsReason)
        );
        assert_eq!(
            check_transition(
                Stage::Screening,
                Stage::Enrichment,
                Some("politiet deltog"),
                NONE
            ),
            Ok(())
        );
    }

    #[test]
    fn a_case_can_be_closed_from_any_open_stage() {
        for &s in &Stage::ALL[..5] {
            assert_eq!(check_transition(s, Stage::Closed, None, NONE), Ok(()));
        }
    }

    #[test]
    fn reopening_needs_a_reason() {
        assert_eq!(
            check_transition(Stage::Closed, Stage::Screening, None, NONE),
            Err(StageError::BackNeedsReason)
        );
        assert_eq!(
            check_transition(
                Stage::Closed,
                Stage::Screening,
                Some("ny henvendelse"),
                NONE
            ),
            Ok(())
        );
    }

    #[test]
    fn imminent_danger_holds_the_case_in_intake_until_police_contact_is_recorded() {
        let ctx = TransitionContext {
            danger_without_police_contact: true,
        };
        assert_eq!(
            check_transition(Stage::Intake, Stage::Screening, None, ctx),
            Err(StageError::PoliceContactMissing)
        );
        assert_eq!(
            check_transition(Stage::Intake, Stage::Closed, Some("x"), ctx),
            Err(StageError::PoliceContactMissing)
        );
    }

    #[test]
    fn staying_put_is_not_a_transition() {
        assert_eq!(
            check_transition(Stage::Measures, Stage::Measures, Some("x"), NONE),
            Err(StageError::SameStage)
        );
    }
}
