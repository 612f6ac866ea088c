import GRDB

/// The schema, as numbered migrations. A landed migration is never edited; a change is a new one.
/// Migrations use SQL only, never application types. Money is INTEGER fen; dates are TEXT YYYY-MM-DD.
enum Migrations {
    /// Every settlement and pre-settlement reads the person's year-to-date accumulators: the sums of their
    /// settlements' deltas for the year (`GRDBTransaction.yearToDateSQL`). Through `settlement_person_year` that
    /// fetched every settlement row of the person's year (each about 3 KB, with its bill and result): with 200
    /// settlements in the year a pre-settlement cost about 300 µs of CPU instead of 40. With the deltas in the
    /// index, the sums read only index entries (about 120 µs at 200). The new index starts with the old one's
    /// key, so it serves the old one's queries too, and replaces it.
    static let v3SettlementYearToDate = """
        CREATE INDEX settlement_person_year_ytd ON settlement(person_id, year, d_inscp, d_hifp, d_hifob, d_hifmi,
            d_cvlserv, d_dedc, d_admissions, d_op_inscp, d_op_hifp, d_op_dedc);
        DROP INDEX settlement_person_year;
        """

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-register-ledger") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-auth") { db in
            try db.execute(sql: v2Auth)
        }
        migrator.registerMigration("v3-settlement-year-to-date") { db in
            try db.execute(sql: v3SettlementYearToDate)
        }
        return migrator
    }

    static let v1 = """
        CREATE TABLE person (
            id INTEGER PRIMARY KEY,
            psn_no TEXT NOT NULL UNIQUE,
            id_number TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            phone TEXT,
            created_on TEXT NOT NULL,
            password_hash TEXT
        );
        CREATE TABLE insurance (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES person(id),
            insutype TEXT NOT NULL,
            region TEXT NOT NULL,
            employer TEXT,
            start_date TEXT NOT NULL
        );
        CREATE INDEX insurance_person ON insurance(person_id);
        CREATE INDEX insurance_region ON insurance(region, id);
        CREATE TABLE insurance_version (
            id INTEGER PRIMARY KEY,
            insurance_id INTEGER NOT NULL REFERENCES insurance(id),
            effective_from TEXT NOT NULL,
            tier TEXT,
            person_type TEXT NOT NULL,
            base_fen INTEGER NOT NULL CHECK (base_fen >= 0),
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            recorded_on TEXT NOT NULL
        );
        CREATE INDEX insurance_version_insurance ON insurance_version(insurance_id, effective_from);
        CREATE TABLE account (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            region TEXT NOT NULL,
            owner_person_id INTEGER NOT NULL DEFAULT 0,
            opened_on TEXT NOT NULL,
            debits_fen INTEGER NOT NULL DEFAULT 0 CHECK (debits_fen >= 0),
            credits_fen INTEGER NOT NULL DEFAULT 0 CHECK (credits_fen >= 0),
            UNIQUE (kind, region, owner_person_id),
            CHECK (kind <> 'personal' OR credits_fen >= debits_fen)
        );
        CREATE TABLE account_status_event (
            id INTEGER PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES account(id),
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            effective_on TEXT NOT NULL
        );
        CREATE INDEX account_status_event_account ON account_status_event(account_id, id);
        CREATE TABLE transfer (
            id INTEGER PRIMARY KEY,
            idempotency_key TEXT NOT NULL UNIQUE,
            code TEXT NOT NULL,
            amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
            debit_account_id INTEGER NOT NULL REFERENCES account(id),
            credit_account_id INTEGER NOT NULL REFERENCES account(id),
            reference TEXT NOT NULL,
            memo TEXT NOT NULL,
            reverses_transfer_id INTEGER REFERENCES transfer(id),
            posted_on TEXT NOT NULL,
            ts TEXT NOT NULL,
            CHECK (debit_account_id <> credit_account_id)
        );
        CREATE INDEX transfer_debit ON transfer(debit_account_id, posted_on);
        CREATE INDEX transfer_credit ON transfer(credit_account_id, posted_on);
        CREATE INDEX transfer_reference ON transfer(reference) WHERE code NOT IN ('credit', 'credit_deduction');
        CREATE UNIQUE INDEX transfer_reversal_once ON transfer(reverses_transfer_id) WHERE reverses_transfer_id IS NOT NULL;
        CREATE TABLE contribution (
            id INTEGER PRIMARY KEY,
            insurance_id INTEGER NOT NULL REFERENCES insurance(id),
            month TEXT NOT NULL,
            kind TEXT NOT NULL,
            base_fen INTEGER NOT NULL,
            employer_fen INTEGER NOT NULL,
            employee_fen INTEGER NOT NULL,
            paid_on TEXT NOT NULL,
            transfer_id INTEGER REFERENCES transfer(id),
            UNIQUE (insurance_id, month)
        );
        CREATE TABLE crediting_run (
            id INTEGER PRIMARY KEY,
            month TEXT NOT NULL,
            region TEXT NOT NULL,
            accounts_credited INTEGER NOT NULL,
            total_fen INTEGER NOT NULL,
            finished_on TEXT NOT NULL
        );
        CREATE INDEX crediting_run_month ON crediting_run(month, region);
        CREATE TABLE family_grant (
            id INTEGER PRIMARY KEY,
            holder_person_id INTEGER NOT NULL REFERENCES person(id),
            relative_person_id INTEGER NOT NULL REFERENCES person(id),
            relation TEXT NOT NULL,
            granted_on TEXT NOT NULL,
            CHECK (holder_person_id <> relative_person_id)
        );
        CREATE INDEX family_grant_holder ON family_grant(holder_person_id);
        CREATE INDEX family_grant_relative ON family_grant(relative_person_id);
        CREATE TABLE family_grant_revocation (
            grant_id INTEGER PRIMARY KEY REFERENCES family_grant(id),
            revoked_on TEXT NOT NULL
        );
        CREATE TABLE settlement (
            id INTEGER PRIMARY KEY,
            setl_id TEXT NOT NULL UNIQUE,
            person_id INTEGER NOT NULL REFERENCES person(id),
            insurance_id INTEGER NOT NULL REFERENCES insurance(id),
            year INTEGER NOT NULL,
            med_type TEXT NOT NULL,
            reverses_setl_id TEXT UNIQUE REFERENCES settlement(setl_id),
            medfee_fen INTEGER NOT NULL,
            fund_fen INTEGER NOT NULL,
            account_fen INTEGER NOT NULL,
            mulaid_fen INTEGER NOT NULL,
            cash_fen INTEGER NOT NULL,
            mulaid_holder_id INTEGER REFERENCES person(id),
            d_inscp INTEGER NOT NULL, d_hifp INTEGER NOT NULL, d_hifob INTEGER NOT NULL, d_hifmi INTEGER NOT NULL,
            d_cvlserv INTEGER NOT NULL, d_dedc INTEGER NOT NULL, d_admissions INTEGER NOT NULL,
            d_op_inscp INTEGER NOT NULL, d_op_hifp INTEGER NOT NULL, d_op_dedc INTEGER NOT NULL,
            bill_json TEXT NOT NULL,
            result_json TEXT NOT NULL,
            settled_on TEXT NOT NULL
        );
        CREATE INDEX settlement_person_year ON settlement(person_id, year);
        CREATE TABLE idempotency (
            key TEXT PRIMARY KEY,
            operation TEXT NOT NULL,
            request_json TEXT NOT NULL,
            result_json TEXT NOT NULL
        );
        CREATE TABLE setting (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """ + immutability(["person", "insurance", "insurance_version", "account_status_event", "transfer", "contribution",
            "crediting_run", "family_grant", "family_grant_revocation", "settlement", "idempotency"])
        + """
        CREATE TRIGGER account_no_delete BEFORE DELETE ON account BEGIN SELECT RAISE(ABORT, 'accounts are never deleted'); END;
        CREATE TRIGGER account_fixed_identity BEFORE UPDATE OF kind, region, owner_person_id ON account
        BEGIN SELECT RAISE(ABORT, 'account identity is immutable'); END;
        """

    /// Triggers that make append-only tables refuse UPDATE and DELETE, so that a bug cannot rewrite history.
    /// (`person.password_hash` is the one column allowed to change.)
    static func immutability(_ tables: [String]) -> String {
        tables.map { table in
            let update = table == "person"
                ? "BEFORE UPDATE OF psn_no, id_number, name, created_on ON person"
                : "BEFORE UPDATE ON \(table)"
            return """

                CREATE TRIGGER \(table)_no_update \(update) BEGIN SELECT RAISE(ABORT, '\(table) rows are immutable'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) rows are immutable'); END;
                """
        }.joined() + "\n"
    }
}
