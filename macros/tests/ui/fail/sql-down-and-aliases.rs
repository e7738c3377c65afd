pgbatch::migration! {
    sql("CREATE TABLE a (id int)", { down: "DROP TABLEE a" });
    sql("CREATE TABLE b (id int)", { down: 1 });
    sql("CREATE TABLE c (id int)", { dwon: "DROP TABLE c" });
    sql("CREATE TABLE d (id int)", { down: "COMMIT" });
    createTable("e", { id: "id" }, { constraints: {
        foreignKey: { columns: ["id"], references: "a" },
        foreignKeys: { columns: ["id"], references: "b" },
    } });
    addIndexx("e", "id");
}

fn main() {}
