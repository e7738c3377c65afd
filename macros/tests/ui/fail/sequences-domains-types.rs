pgbatch::migration! {
    createSequence("a", { increment: "ten", owner: "nowhere" });
    alterSequence("a", {});
    createDomain("b", "text", { constraintName: "bCheck" });
    createType("c", 3);
    createType("d", { amount: "nummeric" });
    renameType("d");
    down { sql("SELECT 1"); }
}

fn main() {}
