migration! {
    createType("payment_method", ["card", "paypal", "bank_transfer", "gift_card"]);
    addColumns("payments", {
        method: { type: "payment_method", notNull: true, default: "card" },
        giftCardId: { type: "bigint", references: "gift_cards(id)", onDelete: "restrict" },
    });
    addConstraint("payments", "payments_gift_card_method", {
        check: "(method = 'gift_card') = (gift_card_id IS NOT NULL)",
    });
}
