fn main() {
    authentik_flows_ui::start();
}
