pgbatch::migration! {
    createType("mood", ["sad", "happy"]);
    addTypeValue("mood", "ok", { after: "sadd" });
    down { noop; }
}

fn main() {}
