//! Table rows as HTML text, parsed by the browser in one go.
//!
//! Building a row node by node took ~45 calls from wasm into JavaScript
//! (one per element, attribute and text); a page of new rows as one string is
//! one call and the browser's own parser. The rows hold no listeners or
//! effects (links are handled by the router's delegated click handler), so
//! nothing is lost.
//!
//! Every piece of data goes through [`escape`]: it only ever lands in element
//! content or a double-quoted attribute value, where escaping `& < > " '`
//! leaves no way to start a tag, end the attribute or form an entity. Nothing
//! here writes a URL scheme or an event attribute, whatever the data says.

use crate::list::descriptor::{Cell, Column, Row};
use crate::state::base::AppBase;

/// Appends `text` with the five HTML-significant characters escaped.
pub fn escape(out: &mut String, text: &str) {
    // A byte scan: the five are ASCII, so they never occur inside a multi-byte
    // character and every cut below is on a character boundary.
    let mut done = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(text.get(done..i).unwrap_or_default());
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(text.get(done..).unwrap_or_default());
}

/// The id of a row's Delete button (where focus goes after a delete).
pub fn delete_button_id(row_id: &str) -> String {
    format!("akf-row-delete-{row_id}")
}

/// Appends one `<tr>`: the same markup the table would build node by node.
pub fn write_row(out: &mut String, columns: &[Column], row: &Row, base: &AppBase) {
    out.push_str("<tr>");
    for (cell, column) in row.cells.iter().zip(columns.iter()) {
        write_cell(out, cell, column, &row.id, base);
    }
    out.push_str("</tr>");
}

fn write_link(out: &mut String, href: &str, text: &str, label: Option<&str>, base: &AppBase) {
    out.push_str("<a href=\"");
    escape(out, &base.href(href));
    if let Some(label) = label {
        out.push_str("\" aria-label=\"");
        escape(out, label);
    }
    out.push_str("\">");
    escape(out, text);
    out.push_str("</a>");
}

fn write_cell(out: &mut String, cell: &Cell, column: &Column, row_id: &str, base: &AppBase) {
    let (open, close) = if column.row_header { ("<th scope=\"row\"", "</th>") } else { ("<td", "</td>") };
    out.push_str(open);
    out.push_str(match cell {
        Cell::EditDelete { .. } => " class=\"actions\">",
        Cell::Number(_) => " class=\"num\">",
        _ if column.numeric => " class=\"num\">",
        _ if column.identifier => " class=\"id\">",
        _ => ">",
    });
    match cell {
        Cell::Text(text) => escape(out, text),
        Cell::Code(text) => {
            out.push_str("<code>");
            escape(out, text);
            out.push_str("</code>");
        }
        Cell::Link { href, text, detail } => {
            write_link(out, href, text, None, base);
            if !detail.is_empty() {
                // The space keeps the two apart in the text read out.
                out.push_str("<code class=\"detail\"> ");
                escape(out, detail);
                out.push_str("</code>");
            }
        }
        Cell::Links { links, more } => {
            out.push_str("<ul class=\"cell-links\">");
            for (href, text) in links {
                out.push_str("<li>");
                write_link(out, href, text, None, base);
                out.push_str("</li>");
            }
            if let Some((href, text)) = more {
                out.push_str("<li class=\"more\">");
                write_link(out, href, text, None, base);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        Cell::EditDelete { href, name, .. } => {
            let name = crate::text::unmarked(name);
            write_link(out, href, "Edit", Some(&format!("Edit {name}")), base);
            // No listener of its own: the table's click handler finds the row
            // by this id (`components::data_table`).
            out.push_str("<button type=\"button\" class=\"danger\" id=\"");
            escape(out, &delete_button_id(row_id));
            out.push_str("\" data-akf-delete=\"");
            escape(out, row_id);
            out.push_str("\" aria-label=\"Delete ");
            escape(out, &name);
            out.push_str("\">Delete</button>");
        }
        Cell::Bool(b) => out.push_str(if *b { "Yes" } else { "No" }),
        Cell::Number(n) => out.push_str(&n.to_string()),
        Cell::Empty => out.push_str("<span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">none</span>"),
    }
    out.push_str(close);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(numeric: bool) -> Column {
        if numeric {
            Column::number("C")
        } else {
            Column::plain("C")
        }
    }

    fn row_html(cells: Vec<Cell>, numeric: &[bool], base: &str) -> String {
        let columns: Vec<Column> = numeric.iter().map(|n| column(*n)).collect();
        let mut out = String::new();
        write_row(&mut out, &columns, &Row::new("1".into(), cells), &AppBase::from_path(base));
        out
    }

    #[test]
    fn escapes_every_markup_character() {
        let mut out = String::new();
        escape(&mut out, r#"<script>alert("x")</script> & "><img src=x onerror='alert(1)'>"#);
        assert_eq!(
            out,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;"
        );
        let mut out = String::new();
        escape(&mut out, "plain 🚀 שלום &amp;");
        assert_eq!(out, "plain 🚀 שלום &amp;amp;");
    }

    #[test]
    fn hostile_text_stays_text_in_every_cell_kind() {
        let evil = "\"><img src=x onerror=alert(1)>";
        let html = row_html(
            vec![
                Cell::Text(evil.into()),
                Cell::Code(evil.into()),
                Cell::Link { href: format!("/flows/{evil}"), text: evil.into(), detail: evil.into() },
                Cell::EditDelete { href: "/x/".into(), name: evil.into(), consequence: String::new() },
            ],
            &[false, false, false, false],
            "/",
        );
        assert!(!html.contains("<img"), "{html}");
        assert_eq!(html.matches('<').count(), 20, "only the row's own tags: {html}");
        assert!(html.contains("<a href=\"/flows/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"), "{html}");
        assert!(html.contains("aria-label=\"Edit &quot;&gt;&lt;img"), "{html}");
        assert!(html.contains("aria-label=\"Delete &quot;&gt;&lt;img"), "{html}");
    }

    #[test]
    fn cells_have_the_same_markup_as_the_node_by_node_table() {
        let html = row_html(
            vec![
                Cell::Text("Name".into()),
                Cell::Code("slug".into()),
                Cell::Bool(true),
                Cell::Number(7),
                Cell::Text("3".into()),
                Cell::Empty,
                Cell::Links {
                    links: vec![("/flows/a/".into(), "a".into())],
                    more: Some(("/stages/?x=1&y=2".into(), "+2 more".into())),
                },
            ],
            &[false, false, false, false, true, false, false],
            "/admin/ui/",
        );
        assert_eq!(
            html,
            "<tr><td>Name</td><td><code>slug</code></td><td>Yes</td><td class=\"num\">7</td>\
             <td class=\"num\">3</td>\
             <td><span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">none</span></td>\
             <td><ul class=\"cell-links\"><li><a href=\"/admin/ui/flows/a/\">a</a></li>\
             <li class=\"more\"><a href=\"/admin/ui/stages/?x=1&amp;y=2\">+2 more</a></li></ul></td></tr>"
        );
    }

    #[test]
    fn a_row_header_column_writes_th_cells() {
        let columns = [Column::plain("Name").row_header(), Column::number("Stages")];
        let mut out = String::new();
        let row = Row::new("1".into(), vec![Cell::Text("<b>".into()), Cell::Number(3)]);
        write_row(&mut out, &columns, &row, &AppBase::from_path("/"));
        assert_eq!(out, "<tr><th scope=\"row\">&lt;b&gt;</th><td class=\"num\">3</td></tr>");
    }

    #[test]
    fn identifier_columns_mark_their_cells() {
        let columns = [Column::plain("Slug").identifier(), Column::plain("Stage").row_header().identifier()];
        let mut out = String::new();
        let row = Row::new("1".into(), vec![Cell::Text("a-b".into()), Cell::Text("c-d".into())]);
        write_row(&mut out, &columns, &row, &AppBase::from_path("/"));
        assert_eq!(out, "<tr><td class=\"id\">a-b</td><th scope=\"row\" class=\"id\">c-d</th></tr>");
    }

    #[test]
    fn edit_and_delete_name_their_row_without_isolation_marks() {
        let name = format!("the binding of stage {}", crate::text::isolate("x"));
        let html = row_html(
            vec![Cell::EditDelete { href: "/bindings/7".into(), name, consequence: "gone".into() }],
            &[false],
            "",
        );
        assert_eq!(
            html,
            "<tr><td class=\"actions\"><a href=\"/bindings/7\" aria-label=\"Edit the binding of stage x\">Edit</a>\
             <button type=\"button\" class=\"danger\" id=\"akf-row-delete-1\" data-akf-delete=\"1\" \
             aria-label=\"Delete the binding of stage x\">Delete</button></td></tr>"
        );
    }
}
