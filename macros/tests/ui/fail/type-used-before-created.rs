pgbatch::migration! {
    createTable("users", { mood: "mood" });
    createType("mood", ["happy", "sad"]);
}

fn main() {}
