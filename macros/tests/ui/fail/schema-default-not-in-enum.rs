pgbatch::migration! {
    createType("mood", ["sad", "happy"]);
    createTable("users", { id: "id", mood: { type: "mood", default: "hapy" } });
}

fn main() {}
