pgbatch::migration! {
    createFunction("a", [], {}, "SELECT 1");
    createFunction("b", "integer", { language: "sql" }, "SELECT 1");
    createFunction("c", [{ name: "x" }, "intgr"], { language: "sql", behavior: "immutible" }, "SELECT 1");
    createTrigger("posts", "d", { operation: "upsert", function: "f" });
    createTrigger("posts", "e", { when: "after", operation: "insert", function: "f" }, "BEGIN END");
    createTrigger("posts", "g", { when: "after" });
    createFuntion("h", [], { language: "sql" }, "SELECT 1");
}

fn main() {}
