//! Which of squawk's rules pgbatch runs, and why: one entry per rule, checked by the
//! compiler.
//!
//! The table is a `match` on squawk's `Rule` with no fallback arm, so a squawk upgrade
//! that adds a rule fails to compile here until someone decides what the rule is for
//! pgbatch; the same table lists every rule for the configuration's did-you-mean.

use squawk_linter::Rule;

/// What pgbatch does with one squawk rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// On by default: a statement that blocks reads or writes on a table in use
    /// (a lock held during a scan or a rewrite), or that breaks the clients running
    /// against it. Silent on a table the same migration created, which is new, empty
    /// and unknown to any client.
    Hazard,
    /// On by default: a mistake wherever it is made (transaction control inside a
    /// managed transaction, an identifier PostgreSQL truncates, `char(n)`), so a new
    /// table does not excuse it.
    Mistake,
    /// Off unless `add`ed: squawk's strict compatibility rules (adding a column, an enum
    /// value, dropping an index…), which flag ordinary schema evolution. Like a
    /// hazard, silent on a table the same migration created.
    StrictHazard,
    /// Off unless `add`ed: advice on style or design (`bigint` over `int`, `text` over
    /// `varchar`…) that applies to new tables as much as old ones.
    Style,
    /// Never run, and refused in `add` and `deny`: the rule does not fit how pgbatch
    /// runs migrations, for the reason given.
    Unfit(&'static str),
}

impl Kind {
    /// Whether the rule runs when the configuration does not mention it.
    pub(crate) fn is_default(self) -> bool {
        matches!(self, Kind::Hazard | Kind::Mistake)
    }

    /// Whether the rule is silent on statements about a table the migration created.
    pub(crate) fn spares_new_tables(self) -> bool {
        matches!(self, Kind::Hazard | Kind::StrictHazard)
    }
}

/// Why the timeout rules never run.
const ENGINE_SETS_TIMEOUTS: &str = "the engine sets `lock_timeout` (and `statement_timeout` \
     when configured) on every session, so a migration's SQL never does";

/// Defines [`ALL`] and [`kind`] from one list, so neither can miss a rule: `kind`'s
/// `match` has no fallback arm.
macro_rules! catalog {
    ($($rule:ident => $kind:expr,)*) => {
        /// Every squawk rule, in squawk's order.
        pub(crate) const ALL: &[Rule] = &[$(Rule::$rule),*];

        /// What pgbatch does with `rule`.
        pub(crate) fn kind(rule: Rule) -> Kind {
            match rule {
                $(Rule::$rule => $kind,)*
            }
        }
    };
}

catalog! {
    RequireConcurrentIndexCreation => Kind::Hazard,
    RequireConcurrentIndexDeletion => Kind::Hazard,
    ConstraintMissingNotValid => Kind::Hazard,
    AddingFieldWithDefault => Kind::Hazard,
    AddingForeignKeyConstraint => Kind::Hazard,
    ChangingColumnType => Kind::Hazard,
    AddingNotNullableField => Kind::Hazard,
    AddingSerialPrimaryKeyField => Kind::Hazard,
    RenamingColumn => Kind::Hazard,
    RenamingTable => Kind::Hazard,
    DisallowedUniqueConstraint => Kind::Hazard,
    BanDropDatabase => Kind::Mistake,
    PreferBigintOverInt => Kind::Style,
    PreferBigintOverSmallint => Kind::Style,
    PreferIdentity => Kind::Style,
    // `VACUUM FULL` and `CLUSTER` hold an `ACCESS EXCLUSIVE` lock; squawk only reports
    // it from PostgreSQL 19, which has `REPACK (CONCURRENTLY)`.
    PreferRepack => Kind::Hazard,
    // `IF NOT EXISTS` everywhere: our steps run in a transaction, and a failed
    // concurrent index build is dropped by the engine before the step runs again.
    PreferRobustStmts => Kind::Style,
    PreferTextField => Kind::Style,
    PreferTimestampTz => Kind::Style,
    BanCharField => Kind::Mistake,
    BanDropColumn => Kind::Hazard,
    BanDropTable => Kind::Hazard,
    BanDropNotNull => Kind::Hazard,
    TransactionNesting => Kind::Mistake,
    AddingRequiredField => Kind::Hazard,
    BanConcurrentIndexCreationInTransaction => Kind::Mistake,
    UnusedIgnore => Kind::Unfit(
        "squawk reports nothing under this name; pgbatch silences findings per operation",
    ),
    // Advice about later migrations (a domain's constraints are hard to change online),
    // not a hazard of this one.
    BanCreateDomainWithConstraint => Kind::Style,
    BanAlterDomainWithAddConstraint => Kind::Hazard,
    // It empties every table that references this one, new or not.
    BanTruncateCascade => Kind::Mistake,
    RequireTimeoutSettings => Kind::Unfit(ENGINE_SETS_TIMEOUTS),
    BanUncommittedTransaction => Kind::Mistake,
    RequireEnumValueOrdering => Kind::Style,
    RequireTableSchema => Kind::Style,
    IdentifierTooLong => Kind::Mistake,
    RequireConcurrentPartitionDetach => Kind::Hazard,
    RequireConcurrentReindex => Kind::Hazard,
    RequireLockTimeout => Kind::Unfit(ENGINE_SETS_TIMEOUTS),
    RequireStatementTimeout => Kind::Unfit(ENGINE_SETS_TIMEOUTS),
    BanDuplicateColumnAssignments => Kind::Mistake,
    BanDropView => Kind::Hazard,
    BanDropFunction => Kind::Hazard,
    BanDropType => Kind::Hazard,
    BanDropDefault => Kind::Hazard,
    BanDropTrigger => Kind::StrictHazard,
    BanDropSchema => Kind::Hazard,
    BanDropSequence => Kind::Hazard,
    BanDropDomain => Kind::Hazard,
    BanDropConstraint => Kind::Hazard,
    BanDropGeneratedExpression => Kind::Hazard,
    RenamingObject => Kind::Hazard,
    BanSetSchema => Kind::Hazard,
    BanAlterIdentity => Kind::Hazard,
    BanDropExtension => Kind::Hazard,
    BanAlterGeneratedExpression => Kind::StrictHazard,
    BanDropIndex => Kind::StrictHazard,
    BanSetDefault => Kind::StrictHazard,
    BanDisableTrigger => Kind::StrictHazard,
    BanReplicaIdentity => Kind::StrictHazard,
    BanDropPolicy => Kind::StrictHazard,
    BanRevoke => Kind::StrictHazard,
    BanReplaceViewFunction => Kind::StrictHazard,
    BanAlterPolicyCondition => Kind::StrictHazard,
    BanAlterPolicyRoles => Kind::StrictHazard,
    BanCreatePolicy => Kind::StrictHazard,
    BanAlterFunctionOptions => Kind::StrictHazard,
    BanAlterViewOptions => Kind::StrictHazard,
    BanAlterRoleOptions => Kind::StrictHazard,
    BanAlterDatabaseOptions => Kind::StrictHazard,
    BanAlterRowLevelSecurity => Kind::StrictHazard,
    BanNewWriteRestriction => Kind::StrictHazard,
    BanAddEnumValue => Kind::StrictHazard,
    BanAddCompositeAttribute => Kind::StrictHazard,
    BanAddColumn => Kind::StrictHazard,
    BanDetachInheritance => Kind::StrictHazard,
    BanAlterSequenceValues => Kind::StrictHazard,
    BanAlterSystemOptions => Kind::StrictHazard,
    BanAlterExtension => Kind::StrictHazard,
}

/// The rules that run when the configuration changes nothing.
pub(crate) fn defaults() -> impl Iterator<Item = Rule> {
    ALL.iter().copied().filter(|rule| kind(*rule).is_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_that_may_run_reads_back_from_its_name() {
        for rule in ALL {
            if !matches!(kind(*rule), Kind::Unfit(_)) {
                assert_eq!(rule.to_string().parse::<Rule>().ok(), Some(*rule));
            }
        }
        // squawk prints this one but does not read it back.
        assert!("unused-ignore".parse::<Rule>().is_err());
    }

    #[test]
    fn no_timeout_or_style_rule_runs_by_default() {
        let defaults: Vec<String> = defaults().map(|rule| rule.to_string()).collect();
        for name in [
            "require-timeout-settings",
            "require-lock-timeout",
            "require-statement-timeout",
            "prefer-bigint-over-int",
            "prefer-text-field",
            "prefer-robust-stmts",
            "prefer-identity",
            "prefer-timestamp-tz",
        ] {
            assert!(!defaults.iter().any(|rule| rule == name), "{name}");
        }
        assert!(defaults.iter().any(|rule| rule == "ban-drop-table"));
    }
}
