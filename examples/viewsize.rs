fn main() {
    let p = std::env::args().nth(1).unwrap();
    let db = sled::Config::new().path(&p).open().unwrap();
    let mut total = 0;
    for name in db.tree_names() {
        let t = db.open_tree(&name).unwrap();
        let (mut n, mut k, mut v) = (0u64, 0u64, 0u64);
        for r in t.iter() {
            let (a, b) = r.unwrap();
            n += 1;
            k += a.len() as u64;
            v += b.len() as u64;
        }
        total += k + v;
        println!(
            "{:20} {:8} keys {:10} key bytes {:10} value bytes",
            String::from_utf8_lossy(&name),
            n,
            k,
            v
        );
    }
    println!(
        "logical total {} MB, on disk {} MB",
        total / 1_000_000,
        db.size_on_disk().unwrap() / 1_000_000
    );
}
