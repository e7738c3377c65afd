// BCP 47 tags such as zh-Hant-TW do not fit in ten characters.
migration! {
    up {
        alterColumn("users", "locale", { type: "varchar(35)", using: "locale::varchar(35)" });
    }
    down {
        alterColumn("users", "locale", { type: "varchar(10)", using: "left(locale, 10)" });
    }
}
