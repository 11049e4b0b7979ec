use crate::state::base::AppBase;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let flows = expect_context::<AppBase>().href("/flows");
    view! {
        <section class="page not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p>
                <A href=flows>"Go to the flows"</A>
            </p>
        </section>
    }
}
