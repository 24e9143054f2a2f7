package org.practicehub.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;

/**
 * The same practice as two networks describe it in other words or languages, and different practices that look alike,
 * in a store of a dozen unrelated practices (so that rarity means something). Written for this test, not taken from any
 * benchmark set.
 */
class CrossNetworkMatchingTest {

    private DedupIndex index;
    private int n;

    @BeforeEach
    void store() {
        index = new DedupIndex(Thresholds.DEFAULT);
        String[][] others = {
            {"Community health workers for refugees in Uganda", "Volunteers from settlements are trained to give first aid, refer patients to clinics and follow up pregnant women. The Ministry of Health certifies them and district health offices pay a monthly stipend. Over 1,200 workers serve 14 settlements in the north and west of the country."},
            {"Digital wallets for seasonal farm workers", "A mobile money provider and two employer associations pay seasonal harvest workers into digital wallets instead of cash, which cuts theft at camps and lets workers send money home cheaply. Employers report fewer payroll disputes and workers build a record of earnings."},
            {"Language cafés in public libraries", "Libraries in twelve municipalities open their reading rooms in the evening for newcomers to practise the local language with volunteer hosts. No registration is asked. Sessions run weekly and libraries lend books for children in the families' own languages."},
            {"Legal clinic for detained asylum seekers", "Law students supervised by practising lawyers visit immigration detention centres every week, explain the asylum procedure and prepare appeals. Since 2015 the clinic has assisted more than 3,000 people and its cases have changed how hearings are scheduled."},
            {"Skills recognition portal for nurses trained abroad", "Nurses trained abroad upload their diplomas and work records to one portal, which routes them to the regulator, the language test and a bridging course. Waiting times for a licence fell from two years to seven months after the portal opened."},
            {"School enrolment campaign for displaced children", "Teachers and community leaders go door to door in informal settlements to register displaced children for the school year, and the education authority waives missing documents. The campaign enrolled 40,000 children in its first season."},
            {"Pre-departure orientation for domestic workers", "A five-day course before departure covers contracts, rights in the country of destination, how to reach the embassy, budgeting and health. Recruitment agencies must send every domestic worker they place, and the labour ministry inspects the training centres."},
            {"Hotline for fishers on foreign vessels", "Fishers working on foreign-flagged vessels can call or message a free multilingual hotline from port. Caseworkers follow up wage claims, abandonment and abuse with port authorities and the flag state. Most calls concern unpaid wages."},
            {"Microloans for returnees starting small businesses", "Returning migrants who complete a business course can borrow up to a small sum at low interest from a cooperative bank, with mentoring for the first year. Repayment rates are above ninety per cent and most businesses are shops and workshops."},
            {"City welcome centre for newcomers", "One office in the city hall where newcomers register their address, open a bank account, enrol children in school and find a doctor. Staff speak eight languages and a mobile team visits neighbourhoods once a month."},
            {"Diaspora mentoring for young entrepreneurs", "Professionals of the diaspora mentor young entrepreneurs in their countries of origin over video calls for six months, and the best business plans win seed grants. The programme has matched 600 pairs across four countries."},
            {"Early warning system for floods and displacement", "Meteorological services and local authorities share river gauge data and send text alerts in local languages before floods, with evacuation routes and shelter locations. Displacement after the last flood season was shorter than in earlier years."},
        };
        for (String[] o : others) {
            add("other", o[0], o[1], "en", null);
        }
    }

    @Test
    void aSpanishAndAnEnglishRecordOfOneProgrammeMerge() {
        add("americas", "Programa de Trabajadores Agrícolas Temporales Guatemala–Canadá",
                "Desde 2003 el programa permite que trabajadores agrícolas de Guatemala viajen a Canadá para las cosechas de temporada con un"
                + " contrato y un visado temporal. La Organización Internacional para las Migraciones (OIM) organiza la selección y la"
                + " orientación antes de la partida, y los empleadores pagan el transporte y el alojamiento. Los trabajadores regresan a"
                + " Guatemala al final de la temporada y muchos vuelven cada año.", "es", null);
        Decision d = decide("global", "Temporary Agricultural Workers Programme (Guatemala to Canada)",
                "Since 2003 farm workers from Guatemala have gone to Canada for the harvest season on temporary contracts and visas."
                + " IOM selects the workers and runs pre-departure orientation; employers pay travel and housing. Workers return to"
                + " Guatemala when the season ends and many are hired again the next year.", "en", null);
        assertThat(d.merges()).as("reasons: %s", d.review()).isTrue();
        List<String> fields = d.evidence().score().reasons().stream().map(Reason::field).toList();
        assertThat(fields).contains("text", "language");
        assertThat(d.evidence().score().reasons().stream().filter(r -> r.field().equals("text")).findFirst().orElseThrow().detail())
                .contains("rarest in common").containsAnyOf("IOM", "GT", "CA");
    }

    @Test
    void anAcronymAndItsFullNameMerge() {
        add("cop", "Overseas Workers Welfare Administration (OWWA) reintegration loans",
                "The Overseas Workers Welfare Administration lends returning overseas workers and their families capital to start"
                + " enterprises, together with training in business planning from the national reintegration centre. Borrowers are"
                + " members of the welfare fund. Loans are repaid over five years and more than 20,000 families have borrowed since 2011.",
                "en", null);
        Decision d = decide("repo", "OWWA enterprise loans for returning workers",
                "OWWA's programme gives members who have come home from work abroad a loan and a business course so that they can set"
                + " up a small enterprise. Families of members may borrow too. The programme began in 2011 and lends through"
                + " government banks, with repayment spread over five years.", "en", null);
        assertThat(d.merges()).as("review: %s", d.review()).isTrue();
    }

    @Test
    void aSharedGenericPageIsNotEnoughToMerge() {
        String page = "https://agency.example.org/topics/human-trafficking";
        add("cop", "Survivor shelters in Nepal's border districts",
                "Shelters run by survivors' organisations in six border districts of Nepal take in women and girls intercepted at the"
                + " border, give them counselling and legal aid, and help them return to their families or find work.", "en", page);
        Decision d = decide("repo", "Trafficking hotline for Kenyan workers in the Gulf",
                "A toll-free line in Nairobi answers Kenyan domestic workers in Gulf states who report confiscated passports, unpaid"
                + " wages or abuse, and refers their cases to the embassy and to recruitment agency regulators.", "en", page);
        assertThat(d.merges()).isFalse();
    }

    @Test
    void aSuccessorPhaseStaysApart() {
        add("cop", "Regional Labour Migration Programme, Phase I (2012-2016)",
                "The first phase of the regional programme helped five countries of origin draft labour migration policies, set up"
                + " migrant resource centres in capital cities and train labour attachés. It was funded by a bilateral donor and"
                + " implemented by the ILO with ministries of labour between 2012 and 2016.", "en", null);
        Decision d = decide("repo", "Regional Labour Migration Programme, Phase II (2017-2021)",
                "The second phase of the regional programme, funded anew from 2017 to 2021, extended migrant resource centres to"
                + " provincial towns, added fair recruitment pilots with private agencies and trained labour attachés of three more"
                + " countries. The ILO implemented it with ministries of labour.", "en", null);
        assertThat(d.merges()).isFalse();
    }

    private void add(String source, String title, String text, String lang, String link) {
        Practice doc = doc(title, text, lang, link);
        MatchRecord r = index.prepare(new RecordKey(source, "r" + n++), source, doc, link);
        index.add(r, "practice-" + n);
    }

    private Decision decide(String source, String title, String text, String lang, String link) {
        Practice doc = doc(title, text, lang, link);
        return index.decide(index.prepare(new RecordKey(source, "r" + n++), source, doc, link), DedupIndex.Apart.NONE);
    }

    private static Practice doc(String title, String text, String lang, String link) {
        Practice d = Docs.doc(title, text);
        return new Practice(d.schemaVersion(), null, title, text.length() > 200 ? text.substring(0, 200) : text,
                new Practice.Description(text, null), List.of(), null, List.of(), List.of(), null, List.of(), List.of(), List.of(),
                List.of(), null, null, null, null, null, link == null ? List.of() : List.of(new Practice.Link(link, "website")), lang,
                List.of(), null, null, null);
    }
}
