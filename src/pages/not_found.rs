use crate::state::base::AppBase;
use crate::ui::dom::{el, El};
use crate::ui::prelude::*;

pub fn not_found_page() -> El {
    let flows = expect_context::<AppBase>().href("/flows");
    el("section")
        .class("page not-found")
        .child(el("h1").text("Page not found"))
        .child(el("p").text("There is nothing at this address."))
        .child(el("p").child(el("a").attr("href", &flows).text("Go to the flows")))
}
