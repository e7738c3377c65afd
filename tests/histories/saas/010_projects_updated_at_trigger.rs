migration! {
    up {
        sql("CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION set_updated_at()");
    }
    down {
        sql("DROP TRIGGER projects_set_updated_at ON projects");
    }
}
