// Invoice numbers are legal documents: gap-free is not promised, readable is.
migration! {
    up {
        sql("CREATE SEQUENCE invoice_number_seq START 1");
        createTable("invoices", {
            id: "id",
            orderId: { type: "bigint", notNull: true, unique: true, references: "orders(id)", onDelete: "restrict" },
            number: { type: "text", notNull: true, unique: true, default: func("'INV-' || lpad(nextval('invoice_number_seq')::text, 8, '0')") },
            issuedAt: { type: "timestamptz", notNull: true, default: func("now()") },
            pdfUrl: "text",
        });
        sql("ALTER SEQUENCE invoice_number_seq OWNED BY invoices.number");
    }
    down {
        dropTable("invoices");
    }
}
