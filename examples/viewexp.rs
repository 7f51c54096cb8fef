fn main() {
    let p = std::env::args().nth(1).unwrap();
    let db = sled::Config::new().path(&p).open().unwrap();
    let only: Vec<String> = std::env::args().skip(2).collect();
    for pack in [1usize, 16, 64] {
        let q = format!("/tmp/vx{pack}");
        let _ = std::fs::remove_dir_all(&q);
        let out = sled::Config::new().path(&q).open().unwrap();
        for name in db.tree_names() {
            let n = String::from_utf8_lossy(&name).to_string();
            if !only.is_empty() && !only.contains(&n) {
                continue;
            }
            let t = db.open_tree(&name).unwrap();
            let o = out.open_tree(&name).unwrap();
            let mut buf: Vec<u8> = Vec::new();
            let mut cnt = 0;
            let mut key = 0u64;
            for r in t.iter() {
                let (a, v) = r.unwrap();
                if pack == 1 {
                    o.insert(a, v).unwrap();
                    continue;
                }
                buf.extend_from_slice(&a);
                buf.extend_from_slice(&v);
                cnt += 1;
                if cnt == pack {
                    o.insert(key.to_be_bytes(), buf.clone()).unwrap();
                    buf.clear();
                    cnt = 0;
                    key += 1;
                }
            }
            if !buf.is_empty() {
                o.insert(key.to_be_bytes(), buf).unwrap();
            }
        }
        out.flush().unwrap();
        drop(out);
        let size: u64 = std::fs::read_dir(&q)
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        println!("pack {pack}: {} MB", size / 1_000_000);
    }
}
