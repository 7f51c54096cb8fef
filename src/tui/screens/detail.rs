//! One case: everything recorded, the linked cases, and the chronology built from its events.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use crate::domain::CaseNo;
use crate::domain::dates::{format_date, format_datetime};
use crate::domain::intake::Reporter;
use crate::i18n::{self, T};
use crate::service::{CaseView, ServiceError};
use crate::tui::app::{Env, Nav};
use crate::tui::keymap::Action;
use crate::tui::overlay::{Overlay, Prompt, PromptKind};
use crate::tui::widgets::case_line;

pub struct DetailScreen {
    pub no: CaseNo,
    pub view: CaseView,
    pub scroll: u16,
    /// The CPR number in full, once the user asked for it (and the reveal was logged).
    pub revealed_cpr: Option<String>,
}

impl DetailScreen {
    pub fn open(env: &mut Env, no: CaseNo) -> Result<DetailScreen, ServiceError> {
        Ok(DetailScreen {
            no,
            view: env.svc.case(no)?,
            scroll: 0,
            revealed_cpr: None,
        })
    }

    pub fn reload(&mut self, env: &mut Env) {
        match env.svc.case(self.no) {
            Ok(v) => self.view = v,
            Err(e) => env.fail(&e),
        }
    }

    pub fn update(&mut self, env: &mut Env, action: Option<Action>, _key: KeyEvent) -> Nav {
        match action {
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Action::Top) => self.scroll = 0,
            Some(Action::Bottom) => self.scroll = u16::MAX,
            Some(Action::Back) => return Nav::Pop,
            Some(Action::AddNote) => {
                return Nav::Overlay(Overlay::Prompt(Prompt::new(PromptKind::Note(self.no))));
            }
            Some(Action::SetNextDate) => {
                return Nav::Overlay(Overlay::Prompt(Prompt::new(PromptKind::NextDate(self.no))));
            }
            Some(Action::RevealCpr) => match env.svc.reveal_cpr(self.no) {
                Ok(Some(c)) => {
                    self.revealed_cpr = Some(c);
                    env.info(T::CprRevealed.get(env.lang));
                }
                Ok(None) => env.info(T::NoCpr.get(env.lang)),
                Err(e) => env.fail(&e),
            },
            Some(Action::EditCase) => {
                return match env.svc.new_draft(Some(self.no)) {
                    Ok(d) => Nav::Push(crate::tui::app::Screen::Intake(Box::new(
                        super::IntakeScreen::new(env, d),
                    ))),
                    Err(e) => {
                        env.fail(&e);
                        Nav::Stay
                    }
                };
            }
            _ => {}
        }
        self.scroll = self.scroll.min(self.max_scroll(&env.view(), env.body));
        Nav::Stay
    }

    /// How far the text can scroll in a body area of this size, counting wrapped lines.
    fn max_scroll(&self, view: &View, body: Rect) -> u16 {
        let width = usize::from(body.width.max(1));
        let rows: usize = self
            .lines(view, width)
            .iter()
            .map(|l| l.width().div_ceil(width).max(1))
            .sum();
        u16::try_from(rows.saturating_sub(usize::from(body.height))).unwrap_or(u16::MAX)
    }

    pub fn render(&self, view: &View, f: &mut Frame, area: Rect) {
        let lines = self.lines(view, area.width as usize);
        let scroll = self.scroll.min(self.max_scroll(view, area));
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            area,
        );
    }

    fn lines(&self, view: &View, width: usize) -> Vec<Line<'static>> {
        let lang = view.lang;
        let s = &self.view.state;
        let i = &s.intake;
        let p = &i.person;
        let th = view.theme;
        let mut out: Vec<Line<'static>> = Vec::new();
        out.push(case_line(
            view,
            &crate::domain::summary::CaseLine::from(&crate::domain::summary::CaseSummary::of(s)),
            width,
        ));
        if i.imminent_danger {
            let text = match &i.police_contact {
                Some(pc) => format!(
                    " {} – {} {} {}",
                    T::ImminentDanger.get(lang),
                    T::Police.get(lang).to_lowercase(),
                    format_datetime(pc.at),
                    pc.by
                ),
                None => format!(" {} ", T::ImminentDanger.get(lang)),
            };
            out.push(Line::styled(text, th.danger()));
        }
        let field = |out: &mut Vec<Line<'static>>, label: &str, value: String| {
            if !value.trim().is_empty() {
                out.push(Line::from(vec![
                    Span::styled(format!("{:<14}", format!("{label}:")), th.label()),
                    Span::raw(value),
                ]));
            }
        };
        let section = |out: &mut Vec<Line<'static>>, t: T| {
            out.push(Line::raw(""));
            out.push(Line::styled(t.get(lang).to_string(), th.section()));
        };

        section(&mut out, T::SectionPerson);
        field(
            &mut out,
            i18n::field(lang, crate::domain::intake::FieldId::PersonName),
            p.name.clone(),
        );
        let cpr = match (&p.cpr, &self.revealed_cpr) {
            (Some(_), Some(full)) => full.clone(),
            (Some(c), None) => format!("{} ({})", c.masked(), T::RevealHint.get(lang)),
            (None, _) => String::new(),
        };
        field(&mut out, "CPR", cpr);
        let age = i.age(view.today);
        let birth = match (p.birth_date, age, p.approx_age) {
            (Some(b), Some(a), _) => format!("{} ({a} {})", format_date(b), T::Age.get(lang)),
            (None, Some(a), Some(_)) => {
                format!("{} {a} {}", T::AgeApprox.get(lang), T::Age.get(lang))
            }
            _ => String::new(),
        };
        field(&mut out, T::AgeBandLabel.get(lang), birth);
        if let Some(a) = age
            && a < 18
        {
            out.push(Line::styled(
                format!("  {}", T::UnderretningTitle.get(lang)),
                th.warning(),
            ));
        }
        use crate::domain::intake::FieldId as F;
        field(&mut out, i18n::field(lang, F::Address), p.address.clone());
        field(&mut out, i18n::field(lang, F::District), p.district.clone());
        field(
            &mut out,
            i18n::field(lang, F::SchoolWork),
            p.school_work.clone(),
        );
        field(
            &mut out,
            i18n::field(lang, F::Languages),
            p.languages.clone(),
        );

        section(&mut out, T::SectionConcern);
        let channel = i.channel.map(|c| i18n::channel(lang, c)).unwrap_or("");
        field(
            &mut out,
            T::Received.get(lang),
            format!(
                "{} {} {} · {channel}",
                format_datetime(i.received_at),
                T::By.get(lang),
                i.received_by
            ),
        );
        field(
            &mut out,
            i18n::field(lang, F::Source),
            i.source
                .map(|s| i18n::source(lang, s).to_string())
                .unwrap_or_default(),
        );
        let reporter = match &i.reporter {
            Reporter::Anonymous => T::Anonymous.get(lang).to_string(),
            Reporter::Known {
                name,
                organisation,
                phone,
                email,
            } => [name, organisation, phone, email]
                .iter()
                .filter(|x| !x.is_empty())
                .map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        };
        field(&mut out, T::Reporter.get(lang), reporter);
        let concerns: Vec<&str> = i.concerns.iter().map(|c| i18n::concern(lang, *c)).collect();
        field(
            &mut out,
            i18n::field(lang, F::Concerns),
            concerns.join(", "),
        );
        field(&mut out, T::Description.get(lang), i.description.clone());
        if let Some(u) = &i.underretning {
            field(
                &mut out,
                T::Underretning.get(lang),
                format!("{} → {}", format_datetime(u.at), u.to),
            );
        }

        if !self.view.linked.is_empty() {
            section(&mut out, T::LinkedCases);
            for l in &self.view.linked {
                out.push(case_line(view, l, width));
            }
        }

        section(&mut out, T::Chronology);
        for e in self.view.events.iter().rev() {
            out.push(Line::from(vec![
                Span::styled(format!("{} ", format_datetime(e.at)), th.dim()),
                Span::styled(format!("{:<8} ", e.author), th.dim()),
                Span::raw(i18n::event(lang, &e.payload)),
            ]));
        }
        out
    }
}
