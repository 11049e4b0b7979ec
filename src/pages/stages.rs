//! `/stages`, `/stages/user_login`, `/stages/source`.

use crate::components::data_table::DataTable;
use crate::resources::stages::{SOURCE_STAGES, STAGES, USER_LOGIN_STAGES};
use crate::state::base::AppBase;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
fn StageLists() -> impl IntoView {
    let base = expect_context::<AppBase>();
    view! {
        <nav class="subnav" aria-label="Stage lists">
            <A href=base.href("/stages") exact=true>"All stages"</A>
            <A href=base.href("/stages/user_login") exact=true>"User login stages"</A>
            <A href=base.href("/stages/source") exact=true>"Source stages"</A>
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
