use crate::state::base::AppBase;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let flows = expect_context::<AppBase>().href("/flows");
    view! {
        <section class="page not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p>
                <a href=flows>"Go to the flows"</a>
            </p>
        </section>
    }
}
