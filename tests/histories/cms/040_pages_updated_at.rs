migration! {
    up {
        sql("CREATE TRIGGER pages_set_updated_at BEFORE UPDATE ON pages FOR EACH ROW EXECUTE FUNCTION set_updated_at()");
    }
    down {
        sql("DROP TRIGGER pages_set_updated_at ON pages");
    }
}
