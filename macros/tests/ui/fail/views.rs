pgbatch::migration! {
    createView("a", "SELEC 1");
    createView("b", "SELECT 1; DROP TABLE users");
    createView("c", { recursive: true }, "SELECT 1");
    createView("d", { checkOption: "cascade" }, "SELECT 1");
    createMaterializedView("e", { replace: true }, "SELECT 1");
    refreshMaterializedView("e", { concurrently: true, data: false });
    renameView("d");
    createVeiw("f", "SELECT 1");
}

fn main() {}
