// Shared helpers for the unit tests: a small vocabulary, loading inline
// sources, and deciding a request in one call.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "grondslag/grondslag.hpp"

namespace test_support {

// A compact vocabulary and a few laws, independent of the shipped policies.
inline const char* vocabulary = R"(module voc rank wet
actor minister_rb
actor dji in minister_rb
actor justid in minister_rb
actor gemeente
actor burgemeester
actor reclassering
category identificerend class ORD
category onderdak class ORD
category schulden class ORD
category zorgtraject class SPEC
category detentiedata class CRIM
category bsn class NID
purpose dr_plan needs identificerend, onderdak, schulden, zorgtraject, detentiedata, bsn recipients dji, gemeente, reclassering
purpose zorg needs zorgtraject recipients dji, gemeente
purpose openbare_orde needs identificerend recipients burgemeester
fact gedetineerd: bool
fact noodzakelijk: bool
fact zorg_nodig: bool
fact toestemmingen: consents
fact risico_delict: one of (zeden, geweld, overig)
fact verwachte_terugkeer: date
fact veroordeling: record { soort: one of (vrijheidsstraf, tbs, pij), maanden: int, artikelen: list of article }
)";

inline const char* laws = R"(module law rank wet
basis law.6e kind art6 "public task"
basis law.6a kind art6 from consent "consent"
basis law.9g kind art9 "substantial public interest"
basis law.9a kind art9 from consent "explicit consent"
basis law.10 kind art10 "authorised by law"
basis law.nid kind nid "BSN by law"
provision law.forbid9 law "AVG" article "9" lid "1" bwb BWBR0040940 valid from 2018-05-25
rule law.forbid9 under law.forbid9 forbid class SPEC from anyone to anyone for any purpose
provision law.d law "PM" article "20d" lid "2" bwb BWBR0009398 valid from 2021-07-01
rule law.d.plan under law.d permit onderdak, schulden from dji, gemeente to dji, gemeente for dr_plan
  when gedetineerd and noodzakelijk basis law.6e retain 5 years notify reclassering cite "PM art. 20d lid 2"
rule law.d.zorg under law.d permit zorgtraject from dji to gemeente for zorg when gedetineerd and zorg_nodig
  basis law.6e, law.9g except law.forbid9 secrecy under law.secret
provision law.secret law "UAVG" article "30" lid "4" bwb BWBR0040940 valid from 2018-05-25
provision law.consent law "AVG" article "6" lid "1" onder "a" bwb BWBR0040940 valid from 2019-05-01 until 2021-06-30
rule law.consent.ord under law.consent permit onderdak, schulden from dji to gemeente for dr_plan
  when consent basis law.6a
rule law.consent.zorg under law.consent permit zorgtraject from dji to gemeente for zorg
  when explicit consent basis law.6a, law.9a except law.forbid9
provision law.bij law "Bjsg" article "11a" bwb BWBR0016544 valid from 2012-01-01
rule law.bij under law.bij permit identificerend from minister_rb to burgemeester for openbare_orde
  when date >= verwachte_terugkeer - 3 months and (veroordeling.soort = tbs or veroordeling.artikelen contains any of ["242", "243"]
       or veroordeling.maanden >= 12)
  basis law.6e
)";

inline grondslag::Policies load(std::initializer_list<std::pair<const char*, std::string>> files) {
    std::vector<grondslag::PolicySource> sources;
    for (const auto& [path, text] : files) sources.push_back({path, text});
    return grondslag::Policies::load_sources(std::move(sources));
}

inline grondslag::Policies standard() { return load({{"voc.gsl", vocabulary}, {"law.gsl", laws}}); }

inline nlohmann::json decide(grondslag::Decider& d, const nlohmann::json& request) {
    std::string out;
    d.decide_json(request.dump(), out);
    return nlohmann::json::parse(out);
}

inline nlohmann::json decide_text(grondslag::Decider& d, const std::string& request) {
    std::string out;
    d.decide_json(request, out);
    return nlohmann::json::parse(out);
}

}  // namespace test_support
