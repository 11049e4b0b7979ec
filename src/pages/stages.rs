//! `/stages`, `/stages/user_login`, `/stages/source`.

use crate::components::data_table::DataTable;
use crate::resources::stages::{SOURCE_STAGES, STAGES, USER_LOGIN_STAGES};
use crate::router::use_router;
use crate::state::base::AppBase;
use leptos::prelude::*;

#[component]
fn StageLists() -> impl IntoView {
    let base = expect_context::<AppBase>();
    let here = use_router().url_untracked().path;
    let link = |path: &'static str, text: &'static str| {
        view! { <a href=base.href(path) aria-current=(here == path).then_some("page")>{text}</a> }
    };
    view! {
        <nav class="subnav" aria-label="Stage lists">
            {link("/stages", "All stages")}
            {link("/stages/user_login", "User login stages")}
            {link("/stages/source", "Source stages")}
        </nav>
    }
}

#[component]
pub fn StagesPage() -> impl IntoView {
    view! {
        <DataTable list=&STAGES>
            <StageLists />
        </DataTable>
    }
}

#[component]
pub fn UserLoginStagesPage() -> impl IntoView {
    view! {
        <DataTable list=&USER_LOGIN_STAGES>
            <StageLists />
        </DataTable>
    }
}

#[component]
pub fn SourceStagesPage() -> impl IntoView {
    view! {
        <DataTable list=&SOURCE_STAGES>
            <StageLists />
        </DataTable>
    }
}
