//! Rule identities: every rule's machine name (`data-rule`, the share
//! link's `rule_<name>` toggles), family and label, as data. A file of its
//! own because both the rules (`signals`) and the settings that switch them
//! off (`settings`) need the names, and neither should need the other.

use serde::{Deserialize, Serialize};

/// A rule's family (one file each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Family {
    Leadership,
    Trend,
    Overbought,
    Narrowness,
    Growth,
    Labour,
    Policy,
    Flows,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::Leadership => "Leadership",
            Family::Trend => "Trend",
            Family::Overbought => "Overbought / oversold",
            Family::Narrowness => "Narrowness",
            Family::Growth => "Growth",
            Family::Labour => "Labour stress",
            Family::Policy => "Policy",
            Family::Flows => "Flows",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $name:literal, $family:ident, $label:literal;)*) => {
        /// Every rule, by its machine name (`data-rule`, `<family>_<what>`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum RuleId { $($variant,)* }

        impl RuleId {
            /// Every rule in display order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The machine name (`overbought_rsi`).
            pub fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $name,)* }
            }

            /// The rule's family.
            pub fn family(self) -> Family {
                match self { $(RuleId::$variant => Family::$family,)* }
            }

            /// A short human name ("RSI overbought").
            pub fn label(self) -> &'static str {
                match self { $(RuleId::$variant => $label,)* }
            }

            /// The rule with this machine name.
            pub fn parse(name: &str) -> Option<RuleId> {
                match name { $($name => Some(RuleId::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    LeadershipYtd => "leadership_ytd", Leadership, "Small leads large, YTD";
    Leadership3m => "leadership_3m", Leadership, "Small leads large, 63 sessions";
    LeadershipRatioMa => "leadership_ratio_ma", Leadership, "Small/large ratio above its MA";
    LeadershipLarge3m => "leadership_large_3m", Leadership, "Large leads small, 63 sessions";
    TrendSmall200d => "trend_small_200d", Trend, "Small above its slow SMA";
    TrendLarge200d => "trend_large_200d", Trend, "Large above its slow SMA";
    TrendGrowth200d => "trend_growth_200d", Trend, "Growth above its slow SMA";
    TrendSmallRecord => "trend_small_record", Trend, "Small at a record high";
    OverboughtRsi => "overbought_rsi", Overbought, "RSI overbought";
    OversoldRsi => "oversold_rsi", Overbought, "RSI oversold";
    OverboughtZscore => "overbought_zscore", Overbought, "Stretched above the slow SMA";
    Crowded => "crowded", Overbought, "Crowded trade";
    Narrow3m => "narrow_3m", Narrowness, "Narrow rally (small vs growth)";
    GrowthGdpnow => "growth_gdpnow", Growth, "GDPNow strong";
    GrowthGdpnowWeak => "growth_gdpnow_weak", Growth, "GDPNow weak";
    GrowthGdpnowFalling => "growth_gdpnow_falling", Growth, "GDPNow falling";
    ConsumerRetail => "consumer_retail", Growth, "Retail sales weakening";
    ConsumerPce => "consumer_pce", Growth, "PCE weakening";
    LabourSahm => "labour_sahm", Labour, "Sahm rule";
    LabourClaimsVsLow => "labour_claims_vs_low", Labour, "Claims above their 52-week low";
    LabourClaimsYoy => "labour_claims_yoy", Labour, "Claims up year on year";
    LabourClaimsLevel => "labour_claims_level", Labour, "Claims above a level";
    PolicyFedfunds3m => "policy_fedfunds_3m", Policy, "Fed easing, 3 months";
    PolicyFedfunds6m => "policy_fedfunds_6m", Policy, "Fed easing, 6 months";
    PolicyTightening6m => "policy_tightening_6m", Policy, "Fed tightening, 6 months";
    PolicyFomcSoon => "policy_fomc_soon", Policy, "FOMC decision soon";
    FlowsRotation => "flows_rotation", Flows, "Flows rotate into small caps";
}
