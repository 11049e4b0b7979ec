//! Pure editing logic: the binding form's validation and the reorder plan.

pub mod binding_form;
pub mod reorder;
