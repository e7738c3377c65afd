pgbatch::migration! {
    createType("mood", ["happy", "sad", "happy"]);
}

fn main() {}
