//! `/stages`, `/stages/user_login`, `/stages/source`.

use crate::components::data_table::data_table;
use crate::list::descriptor::ListDescriptor;
use crate::resources::stages::{SOURCE_STAGES, STAGES, USER_LOGIN_STAGES};
use crate::router::use_router;
use crate::state::base::AppBase;
use crate::ui::dom::{el, El};
use crate::ui::prelude::*;

fn stage_lists() -> El {
    let base = expect_context::<AppBase>();
    // (`/stages/source/` is the same list.)
    let path_here = use_router().url_untracked().path;
    let here = path_here.trim_end_matches('/');
    let link = |path: &str, text: &str| {
        el("a").attr("href", &base.href(path)).attr_opt("aria-current", (here == path).then_some("page")).text(text)
    };
    el("nav")
        .class("subnav")
        .attr("aria-label", "Stage lists")
        .child(link("/stages", "All stages"))
        .child(link("/stages/user_login", "User login stages"))
        .child(link("/stages/source", "Source stages"))
}

fn stage_page(list: &'static ListDescriptor) -> El {
    data_table(list, Some(stage_lists()))
}

pub fn stages_page() -> El {
    stage_page(&STAGES)
}

pub fn user_login_stages_page() -> El {
    stage_page(&USER_LOGIN_STAGES)
}

pub fn source_stages_page() -> El {
    stage_page(&SOURCE_STAGES)
}
