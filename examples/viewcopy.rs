fn main() {
    let p = std::env::args().nth(1).unwrap();
    let q = std::env::args().nth(2).unwrap();
    let mode = std::env::args().nth(3).unwrap_or_default();
    let db = sled::Config::new().path(&p).open().unwrap();
    let mut cfg = sled::Config::new().path(&q).cache_capacity(8 << 20);
    if mode.contains("small") {
        cfg = cfg.mode(sled::Mode::LowSpace);
    }
    if mode.contains("seg") {
        cfg = cfg.segment_size(1 << 23);
    }
    let out = cfg.open().unwrap();
    for name in db.tree_names() {
        let t = db.open_tree(&name).unwrap();
        let o = out.open_tree(&name).unwrap();
        if mode.contains("batch") {
            let mut b = sled::Batch::default();
            for r in t.iter() {
                let (a, v) = r.unwrap();
                b.insert(a, v);
            }
            o.apply_batch(b).unwrap();
        } else {
            for r in t.iter() {
                let (a, v) = r.unwrap();
                o.insert(a, v).unwrap();
            }
        }
    }
    out.flush().unwrap();
    println!("on disk {} MB", out.size_on_disk().unwrap() / 1_000_000);
}
