fn main() {
    sango_app::run()
}
