# The Tower Hamlets Partnership: April to early December 2026, as the Strategy and
# Performance team (the Partnership's secretariat) would record it. Each line is an `lsp`
# command (run them yourself with `lsp --store FILE batch examples/tower-hamlets/history.lsp`);
# `lsp demo --partnership tower-hamlets` replays this file. The people are invented; the
# organisations are the borough's own.
#
# The story: the Partnership Board (chaired by the Mayor, who leads the Council: the post
# the terms call "Leader of the Council") meets in May, at the start of September and at
# the end of November, so that no quarter passes without it; the Partnership Executive
# meets three weeks before each Board and in July and October too, so that it meets every
# two months as "all other meetings" must; the Prosperous
# Communities Delivery Group and the Local Area Partnership 1 Steering Group meet in
# alternate months ("The frequency – WHEN"). The Executive only notes and refers to the
# Board: it "is not a decision making body in its own right". The Police send a new
# Borough Commander in August; a LAP resident member resigns in September and is
# replaced in October; an attendance recorded in error at the LAP in September is
# corrected.
#
# Kept out, for the length of an example: the other four Delivery Groups and the other
# seven LAPs (a body with no seats is not checked). So the Board has one LAP resident
# vice-chair seat and one Delivery Group partner chair seat of the thirteen the terms
# propose.
#
# Left out because the terms do not provide for it: decisions between meetings (the
# document is silent for every body, and the ledger refuses a proposal: rule
# 'between-meetings'), quorum, agenda notice and voting rules (none: votes are decided by
# a simple majority, agendas are never late) and deputies (the document names none).
#
# The story ends on 2 December 2026, with one warning on purpose: the Board's action of
# 25 November for the Council's Chief Executive to circulate the workshop programme by
# 1 December is not done (rule action-overdue). Run later, `lsp check` also warns of each
# body whose next meeting is not yet scheduled (rule meeting-cycle).
# At its end: `lsp check --as-of 2026-12-02` warns of: action-overdue (board).

init "The Tower Hamlets Partnership" --terms terms.toml --on 2026-04-01

# ---------------------------------------------------------------------------------------
# The organisations
# ---------------------------------------------------------------------------------------
org add lbth --name "London Borough of Tower Hamlets"
org add nhs-nel --name "NHS North East London (the Primary Care Trust's successor)"
org add met-police --name "Metropolitan Police, Central East Command Unit"
org add lfb --name "London Fire Brigade"
org add thhf --name "Tower Hamlets Housing Forum"
org add jcp --name "Jobcentre Plus, Tower Hamlets"
org add thcvs --name "Tower Hamlets Council for Voluntary Service"
org add volunteer-centre --name "Volunteer Centre Tower Hamlets"
org add inter-faith --name "Tower Hamlets Inter Faith Forum"
org add elba --name "East London Business Alliance"
org add canary-wharf --name "Canary Wharf Group"
org add business-forum --name "Tower Hamlets Business Forum"
org add new-city-college --name "New City College, Tower Hamlets"
org add qmul --name "Queen Mary University of London"
org add poplar-harca --name "Poplar HARCA"
org add barts --name "Barts Health NHS Trust"
org add lap-1-residents --name "Residents of LAP 1 (Weavers, Bethnal Green West, St Peter's)"

# ---------------------------------------------------------------------------------------
# The people. The Mayor and the Lead Members hold seats by their office; the LAP members by
# the category the LAP's composition names (resident, ward-councillor, service-provider)
# ---------------------------------------------------------------------------------------
person add mayor-rahim-chowdhury --name "Mayor Rahim Chowdhury" --category leader-of-the-council
person add cllr-nadia-begum --name "Cllr Nadia Begum (Lead Member, Regeneration, Localisation and Community Partnerships)"
person add cllr-imran-haque --name "Cllr Imran Haque (Lead Member, Employment and Skills)" --category lead-member
person add sarah-whitfield --name "Sarah Whitfield (Chief Executive, Tower Hamlets Council)"
person add dr-ola-adeyemi --name "Dr Ola Adeyemi (Place Executive, NHS North East London)"
person add ch-supt-mark-devlin --name "Ch Supt Mark Devlin (Borough Commander)"
person add ch-supt-aisha-karim --name "Ch Supt Aisha Karim (Borough Commander)"
person add bc-tom-riley --name "Tom Riley (Borough Commander, London Fire Brigade)"
person add june-okoro --name "June Okoro (Chair, Tower Hamlets Housing Forum)"
person add paul-mercer --name "Paul Mercer (Jobcentre Plus)"
person add farida-islam --name "Farida Islam (Chief Executive, THCVS)"
person add ben-adler --name "Ben Adler (Volunteer Centre Tower Hamlets)"
person add imam-yusuf-ali --name "Imam Yusuf Ali (Inter Faith Forum)"
person add rev-clare-holt --name "Revd Clare Holt (Inter Faith Forum)"
person add young-mayor-zara-uddin --name "Zara Uddin (Young Mayor)"
person add deputy-young-mayor-leo-grant --name "Leo Grant (Deputy Young Mayor)"
person add helen-marsh --name "Helen Marsh (Canary Wharf Group)"
person add kamal-ahmed --name "Kamal Ahmed (Chair, Tower Hamlets Business Forum)"
person add rachel-stone --name "Rachel Stone (Chief Executive, ELBA)" --category lead-partner
person add david-okafor --name "David Okafor (Corporate Director, Housing and Regeneration)"
person add priya-nair --name "Priya Nair (New City College)"
person add prof-simon-clarke --name "Prof Simon Clarke (Queen Mary University of London)"
person add lena-kowalski --name "Lena Kowalski (Strategy and Performance team)"

# ---------------------------------------------------------------------------------------
# The Partnership Board ("Partnership Board, proposed membership"): the Mayor in the chair
# ---------------------------------------------------------------------------------------
seat add board leader --org lbth --category leader-of-the-council --on 2026-04-01
seat add board lead-member-regeneration --org lbth --on 2026-04-01
seat add board lap-1-vice-chair --org lap-1-residents --on 2026-04-01
seat add board prosperous-partner-chair --org elba --on 2026-04-01
seat add board faith-muslim --org inter-faith --on 2026-04-01
seat add board faith-christian --org inter-faith --on 2026-04-01
seat add board young-mayor --org lbth --on 2026-04-01
seat add board deputy-young-mayor --org lbth --on 2026-04-01
seat add board third-sector-1 --org thcvs --on 2026-04-01
seat add board third-sector-2 --org volunteer-centre --on 2026-04-01
seat add board business-1 --org canary-wharf --on 2026-04-01
seat add board business-2 --org business-forum --on 2026-04-01
seat add board council-ceo --org lbth --on 2026-04-01
seat add board nhs --org nhs-nel --on 2026-04-01
seat add board police --org met-police --on 2026-04-01
seat add board housing-forum --org thhf --on 2026-04-01
seat add board jcp --org jcp --on 2026-04-01
seat add board fire --org lfb --on 2026-04-01

seat fill board leader mayor-rahim-chowdhury --on 2026-04-01
seat fill board lead-member-regeneration cllr-nadia-begum --on 2026-04-01
seat fill board prosperous-partner-chair rachel-stone --on 2026-04-01
seat fill board faith-muslim imam-yusuf-ali --on 2026-04-01
seat fill board faith-christian rev-clare-holt --on 2026-04-01
seat fill board young-mayor young-mayor-zara-uddin --on 2026-04-01
seat fill board deputy-young-mayor deputy-young-mayor-leo-grant --on 2026-04-01
seat fill board third-sector-1 farida-islam --on 2026-04-01
seat fill board third-sector-2 ben-adler --on 2026-04-01
seat fill board business-1 helen-marsh --on 2026-04-01
seat fill board business-2 kamal-ahmed --on 2026-04-01
seat fill board council-ceo sarah-whitfield --on 2026-04-01
seat fill board nhs dr-ola-adeyemi --on 2026-04-01
seat fill board police ch-supt-mark-devlin --on 2026-04-01
seat fill board housing-forum june-okoro --on 2026-04-01
seat fill board jcp paul-mercer --on 2026-04-01
seat fill board fire bc-tom-riley --on 2026-04-01
role assign board chair leader --on 2026-04-01

# ---------------------------------------------------------------------------------------
# The Partnership Executive: the chief officers, chaired by the Mayor "in his/her capacity
# as Chair of the Partnership". The two Lead Members have a "standing invitation": seats
# without a vote
# ---------------------------------------------------------------------------------------
seat add executive leader --org lbth --category leader-of-the-council --on 2026-04-01
seat add executive council-ceo --org lbth --on 2026-04-01
seat add executive nhs --org nhs-nel --on 2026-04-01
seat add executive police --org met-police --on 2026-04-01
seat add executive housing-forum --org thhf --on 2026-04-01
seat add executive third-sector --org thcvs --on 2026-04-01
seat add executive jcp --org jcp --on 2026-04-01
seat add executive lead-member-regeneration --org lbth --non-voting --on 2026-04-01
seat add executive lead-member-employment --org lbth --non-voting --on 2026-04-01

seat fill executive leader mayor-rahim-chowdhury --on 2026-04-01
seat fill executive council-ceo sarah-whitfield --on 2026-04-01
seat fill executive nhs dr-ola-adeyemi --on 2026-04-01
seat fill executive police ch-supt-mark-devlin --on 2026-04-01
seat fill executive housing-forum june-okoro --on 2026-04-01
seat fill executive third-sector farida-islam --on 2026-04-01
seat fill executive jcp paul-mercer --on 2026-04-01
seat fill executive lead-member-regeneration cllr-nadia-begum --on 2026-04-01
seat fill executive lead-member-employment cllr-imran-haque --on 2026-04-01
role assign executive chair leader --on 2026-04-01

# ---------------------------------------------------------------------------------------
# The Prosperous Communities Delivery Group: "Co-Chaired by CEO of ELBA and Lead member
# for Employment and Skills"; the Corporate Director of Housing and Regeneration is its
# Chief Operating Officer
# ---------------------------------------------------------------------------------------
seat add prosperous-communities lead-member --org lbth --category lead-member --on 2026-04-01
seat add prosperous-communities elba --org elba --category lead-partner --on 2026-04-01
seat add prosperous-communities coo --org lbth --on 2026-04-01
seat add prosperous-communities canary-wharf --org canary-wharf --on 2026-04-01
seat add prosperous-communities jcp --org jcp --on 2026-04-01
seat add prosperous-communities university --org qmul --on 2026-04-01
seat add prosperous-communities college --org new-city-college --on 2026-04-01
seat add prosperous-communities business-forum --org business-forum --on 2026-04-01
seat add prosperous-communities third-sector --org thcvs --on 2026-04-01
seat add prosperous-communities housing-forum --org thhf --on 2026-04-01

seat fill prosperous-communities lead-member cllr-imran-haque --on 2026-04-01
seat fill prosperous-communities elba rachel-stone --on 2026-04-01
seat fill prosperous-communities coo david-okafor --on 2026-04-01
seat fill prosperous-communities canary-wharf helen-marsh --on 2026-04-01
seat fill prosperous-communities jcp paul-mercer --on 2026-04-01
seat fill prosperous-communities university prof-simon-clarke --on 2026-04-01
seat fill prosperous-communities college priya-nair --on 2026-04-01
seat fill prosperous-communities business-forum kamal-ahmed --on 2026-04-01
seat fill prosperous-communities third-sector farida-islam --on 2026-04-01
seat fill prosperous-communities housing-forum june-okoro --on 2026-04-01
role assign prosperous-communities chair lead-member --on 2026-04-01
role assign prosperous-communities co-chair elba --on 2026-04-01

# ---------------------------------------------------------------------------------------
# Local Area Partnership 1 Steering Group (three wards): 15 residents, 6 ward councillors,
# 5 service providers reflecting the 5 Delivery Groups, each for two years ("LAP Steering
# Groups"); a ward councillor in the chair, a resident vice-chair
# ---------------------------------------------------------------------------------------
person add cllr-abdul-karim --name "Cllr Abdul Karim (Weavers)" --category ward-councillor
person add cllr-jess-palmer --name "Cllr Jess Palmer (Weavers)" --category ward-councillor
person add cllr-shamim-rahman --name "Cllr Shamim Rahman (Bethnal Green West)" --category ward-councillor
person add cllr-owen-price --name "Cllr Owen Price (Bethnal Green West)" --category ward-councillor
person add cllr-rumana-ali --name "Cllr Rumana Ali (St Peter's)" --category ward-councillor
person add cllr-george-fenn --name "Cllr George Fenn (St Peter's)" --category ward-councillor

person add res-amina-khatun --name "Amina Khatun" --category resident
person add res-bill-turner --name "Bill Turner" --category resident
person add res-chloe-martin --name "Chloe Martin" --category resident
person add res-dipak-shah --name "Dipak Shah" --category resident
person add res-esther-cohen --name "Esther Cohen" --category resident
person add res-fatima-noor --name "Fatima Noor" --category resident
person add res-gary-wells --name "Gary Wells" --category resident
person add res-hasina-miah --name "Hasina Miah" --category resident
person add res-ivan-petrov --name "Ivan Petrov" --category resident
person add res-joyce-adebayo --name "Joyce Adebayo" --category resident
person add res-kieran-walsh --name "Kieran Walsh" --category resident
person add res-lucy-chen --name "Lucy Chen" --category resident
person add res-mohammed-sultan --name "Mohammed Sultan" --category resident
person add res-nora-fitzgerald --name "Nora Fitzgerald" --category resident
person add res-omar-farooq --name "Omar Farooq" --category resident
person add res-pauline-dixon --name "Pauline Dixon" --category resident

person add sp-insp-ruth-bailey --name "Insp Ruth Bailey (Safer Neighbourhoods)" --category service-provider
person add sp-kofi-mensah --name "Kofi Mensah (Poplar HARCA)" --category service-provider
person add sp-dr-anna-lees --name "Dr Anna Lees (Bethnal Green GP network)" --category service-provider
person add sp-marcus-reid --name "Marcus Reid (Children's Services)" --category service-provider
person add sp-yasmin-hussain --name "Yasmin Hussain (New City College)" --category service-provider

seat add lap-1 cllr-weavers-1 --org lbth --category ward-councillor --on 2026-04-01
seat add lap-1 cllr-weavers-2 --org lbth --category ward-councillor --on 2026-04-01
seat add lap-1 cllr-bgw-1 --org lbth --category ward-councillor --on 2026-04-01
seat add lap-1 cllr-bgw-2 --org lbth --category ward-councillor --on 2026-04-01
seat add lap-1 cllr-st-peters-1 --org lbth --category ward-councillor --on 2026-04-01
seat add lap-1 cllr-st-peters-2 --org lbth --category ward-councillor --on 2026-04-01
seat add lap-1 resident-1 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-2 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-3 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-4 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-5 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-6 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-7 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-8 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-9 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-10 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-11 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-12 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-13 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-14 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 resident-15 --org lap-1-residents --category resident --on 2026-04-01
seat add lap-1 safer --org met-police --category service-provider --on 2026-04-01
seat add lap-1 great-place --org poplar-harca --category service-provider --on 2026-04-01
seat add lap-1 healthy --org nhs-nel --category service-provider --on 2026-04-01
seat add lap-1 children --org lbth --category service-provider --on 2026-04-01
seat add lap-1 prosperous --org new-city-college --category service-provider --on 2026-04-01

seat fill lap-1 cllr-weavers-1 cllr-abdul-karim --on 2026-04-01
seat fill lap-1 cllr-weavers-2 cllr-jess-palmer --on 2026-04-01
seat fill lap-1 cllr-bgw-1 cllr-shamim-rahman --on 2026-04-01
seat fill lap-1 cllr-bgw-2 cllr-owen-price --on 2026-04-01
seat fill lap-1 cllr-st-peters-1 cllr-rumana-ali --on 2026-04-01
seat fill lap-1 cllr-st-peters-2 cllr-george-fenn --on 2026-04-01
seat fill lap-1 resident-1 res-amina-khatun --on 2026-04-01
seat fill lap-1 resident-2 res-bill-turner --on 2026-04-01
seat fill lap-1 resident-3 res-chloe-martin --on 2026-04-01
seat fill lap-1 resident-4 res-dipak-shah --on 2026-04-01
seat fill lap-1 resident-5 res-esther-cohen --on 2026-04-01
seat fill lap-1 resident-6 res-fatima-noor --on 2026-04-01
seat fill lap-1 resident-7 res-gary-wells --on 2026-04-01
seat fill lap-1 resident-8 res-hasina-miah --on 2026-04-01
seat fill lap-1 resident-9 res-ivan-petrov --on 2026-04-01
seat fill lap-1 resident-10 res-joyce-adebayo --on 2026-04-01
seat fill lap-1 resident-11 res-kieran-walsh --on 2026-04-01
seat fill lap-1 resident-12 res-lucy-chen --on 2026-04-01
seat fill lap-1 resident-13 res-mohammed-sultan --on 2026-04-01
seat fill lap-1 resident-14 res-nora-fitzgerald --on 2026-04-01
seat fill lap-1 resident-15 res-omar-farooq --on 2026-04-01
seat fill lap-1 safer sp-insp-ruth-bailey --on 2026-04-01
seat fill lap-1 great-place sp-kofi-mensah --on 2026-04-01
seat fill lap-1 healthy sp-dr-anna-lees --on 2026-04-01
seat fill lap-1 children sp-marcus-reid --on 2026-04-01
seat fill lap-1 prosperous sp-yasmin-hussain --on 2026-04-01
role assign lap-1 chair cllr-weavers-1 --on 2026-04-01
role assign lap-1 vice-chair resident-1 --on 2026-04-01

# The LAP's resident vice-chair sits on the Board ("Resident Vice Chairs from the Local Area
# Partnerships"): the Board seat lap-1-vice-chair follows the role (terms.toml,
# `follows`), so whoever holds it sits there without a fill of its own

# ---------------------------------------------------------------------------------------
# April: the Delivery Group's annual delivery plan
# ---------------------------------------------------------------------------------------
meeting schedule prosperous-communities pc-2026-04 --on 2026-04-22T10:00 --venue "Town Hall, 160 Whitechapel Road, E1"
agenda add pc-2026-04 delivery-plan --title "Annual delivery plan 2026-27: employment and skills targets" --proposer coo
agenda add pc-2026-04 lap-priorities --title "Local priorities from the LAPs for the year"
agenda publish pc-2026-04 --on 2026-04-14
attend pc-2026-04 lead-member
attend pc-2026-04 elba
attend pc-2026-04 coo
attend pc-2026-04 canary-wharf
attend pc-2026-04 jcp
attend pc-2026-04 college
attend pc-2026-04 third-sector
apologies pc-2026-04 university
apologies pc-2026-04 business-forum
in-attendance pc-2026-04 lena-kowalski --capacity officer
decide pc-2026-04 delivery-plan --consensus "The annual delivery plan 2026-27 is agreed, with the apprenticeship target raised to 400 starts"
decide pc-2026-04 lap-priorities --consensus "The LAPs' employment priorities are noted and will be built into the plan's local actions" --outcome noted
meeting close pc-2026-04

# The Executive, three weeks before the May Board: it notes and refers, it never decides
meeting schedule executive exec-2026-04 --on 2026-04-29T09:30 --venue "Mayor's Office, Town Hall, 160 Whitechapel Road, E1"
agenda add exec-2026-04 performance --title "Community Plan performance: year-end 2025-26"
agenda add exec-2026-04 cost-of-living --title "Cost of living: joint response across partners" --proposer nhs
agenda publish exec-2026-04 --on 2026-04-22
attend exec-2026-04 leader
attend exec-2026-04 council-ceo
attend exec-2026-04 nhs
attend exec-2026-04 police
attend exec-2026-04 housing-forum
attend exec-2026-04 third-sector
attend exec-2026-04 lead-member-regeneration
apologies exec-2026-04 jcp
decide exec-2026-04 performance --consensus "The year-end performance report is noted; the three targets at risk are reported to the Board" --outcome noted
decide exec-2026-04 cost-of-living --consensus "A joint cost of living response is referred to the Board for agreement in May" --outcome referred --to board
meeting close exec-2026-04

# ---------------------------------------------------------------------------------------
# May: LAP 1 and the Board's mid-cycle monitoring meeting (Meeting 3)
# ---------------------------------------------------------------------------------------
meeting schedule lap-1 lap1-2026-05 --on 2026-05-13T18:30 --venue "Oxford House, Derbyshire Street, Bethnal Green"
agenda add lap1-2026-05 priorities --title "LAP 1 priority projects 2026-27"
agenda add lap1-2026-05 pc-update --title "Update from the Prosperous Communities Delivery Group"
agenda publish lap1-2026-05 --on 2026-05-05
attend lap1-2026-05 cllr-weavers-1
attend lap1-2026-05 cllr-bgw-1
attend lap1-2026-05 cllr-st-peters-1
attend lap1-2026-05 cllr-st-peters-2
attend lap1-2026-05 resident-1
attend lap1-2026-05 resident-2
attend lap1-2026-05 resident-3
attend lap1-2026-05 resident-5
attend lap1-2026-05 resident-6
attend lap1-2026-05 resident-8
attend lap1-2026-05 resident-9
attend lap1-2026-05 resident-11
attend lap1-2026-05 resident-12
attend lap1-2026-05 resident-14
attend lap1-2026-05 safer
attend lap1-2026-05 great-place
attend lap1-2026-05 prosperous
apologies lap1-2026-05 cllr-weavers-2
apologies lap1-2026-05 resident-4
apologies lap1-2026-05 healthy
# Steering groups are closed, "with resident observers permitted"
person add obs-rita-shah --name "Rita Shah"
in-attendance lap1-2026-05 obs-rita-shah --capacity observer
interest declare lap1-2026-05 priorities res-joyce-adebayo --nature personal --note "Volunteers at the Columbia Road youth club, one of the projects proposed"
vote cast lap1-2026-05 priorities cllr-weavers-1 for
vote cast lap1-2026-05 priorities cllr-bgw-1 for
vote cast lap1-2026-05 priorities cllr-st-peters-1 for
vote cast lap1-2026-05 priorities cllr-st-peters-2 against
vote cast lap1-2026-05 priorities resident-1 for
vote cast lap1-2026-05 priorities resident-2 for
vote cast lap1-2026-05 priorities resident-3 against
vote cast lap1-2026-05 priorities resident-5 for
vote cast lap1-2026-05 priorities resident-6 for
vote cast lap1-2026-05 priorities resident-8 abstain
vote cast lap1-2026-05 priorities resident-9 for
vote cast lap1-2026-05 priorities resident-11 for
vote cast lap1-2026-05 priorities resident-12 against
vote cast lap1-2026-05 priorities resident-14 for
vote close lap1-2026-05 priorities --alternatives "A fourth project, a Weavers Fields food growing scheme, held over to next year"
decide lap1-2026-05 pc-update --consensus "The Delivery Group's update is noted" --outcome noted
meeting close lap1-2026-05

meeting schedule board board-2026-05 --on 2026-05-20T17:30 --venue "Council Chamber, Town Hall, 160 Whitechapel Road, E1"
agenda add board-2026-05 monitoring --title "Mid-cycle monitoring: commissioning against LAA targets"
agenda add board-2026-05 cost-of-living --title "Joint cost of living response (referred by the Executive)"
agenda add board-2026-05 vcs-commissioning --title "Commissioning of voluntary sector advice services" --proposer third-sector-1
agenda publish board-2026-05 --on 2026-05-11
attend board-2026-05 leader
attend board-2026-05 lead-member-regeneration
attend board-2026-05 lap-1-vice-chair
attend board-2026-05 prosperous-partner-chair
attend board-2026-05 faith-muslim
attend board-2026-05 young-mayor
attend board-2026-05 third-sector-1
attend board-2026-05 third-sector-2
attend board-2026-05 business-1
attend board-2026-05 council-ceo
attend board-2026-05 nhs
attend board-2026-05 police
attend board-2026-05 housing-forum
attend board-2026-05 fire
apologies board-2026-05 faith-christian
apologies board-2026-05 business-2
apologies board-2026-05 jcp
in-attendance board-2026-05 lena-kowalski --capacity officer
interest declare board-2026-05 vcs-commissioning farida-islam --nature personal --note "Chief Executive of THCVS, which runs an advice service"
interest declare board-2026-05 vcs-commissioning ben-adler --nature personal --note "The Volunteer Centre is a member of an advice consortium"
decide board-2026-05 monitoring --consensus "Commissioning is on track for 14 of 17 LAA targets; the Executive to report on the three at risk in September" --outcome noted
decide board-2026-05 cost-of-living --consensus "The joint cost of living response is agreed: a single advice line and shared referral routes from July"
decide board-2026-05 vcs-commissioning --consensus "Advice services are jointly commissioned for three years from April 2027"
meeting close board-2026-05
action add board-2026-05 advice-line --title "Set up the single cost of living advice line" --owner farida-islam --due 2026-07-01 --item cost-of-living
action done advice-line --on 2026-06-29

# ---------------------------------------------------------------------------------------
# June and July
# ---------------------------------------------------------------------------------------
meeting schedule prosperous-communities pc-2026-06 --on 2026-06-24T10:00 --venue "One Canada Square, Canary Wharf"
agenda add pc-2026-06 apprenticeships --title "Apprenticeship starts: first quarter"
agenda add pc-2026-06 risks --title "Risks to delivery, for the quarterly report to the Executive"
agenda publish pc-2026-06 --on 2026-06-16
attend pc-2026-06 lead-member
attend pc-2026-06 elba
attend pc-2026-06 coo
attend pc-2026-06 canary-wharf
attend pc-2026-06 jcp
attend pc-2026-06 university
attend pc-2026-06 business-forum
attend pc-2026-06 housing-forum
apologies pc-2026-06 college
apologies pc-2026-06 third-sector
decide pc-2026-06 apprenticeships --consensus "First-quarter starts (92) are noted" --outcome noted
decide pc-2026-06 risks --consensus "The quarterly report to the Executive is agreed, naming the loss of the adult skills grant as the main risk"
meeting close pc-2026-06

meeting schedule executive exec-2026-07 --on 2026-07-01T09:30 --venue "Mayor's Office, Town Hall, 160 Whitechapel Road, E1"
agenda add exec-2026-07 cpdg-report --title "Quarterly report of the Prosperous Communities Delivery Group"
agenda add exec-2026-07 estates --title "Shared use of the public estate in Whitechapel"
agenda publish exec-2026-07 --on 2026-06-23
attend exec-2026-07 leader
attend exec-2026-07 council-ceo
attend exec-2026-07 nhs
attend exec-2026-07 police
attend exec-2026-07 jcp
attend exec-2026-07 third-sector
attend exec-2026-07 lead-member-employment
apologies exec-2026-07 housing-forum
decide exec-2026-07 cpdg-report --consensus "The Delivery Group's quarterly report is noted; the adult skills risk is raised with the GLA by the Chief Executive within her delegated powers" --outcome noted
decide exec-2026-07 estates --consensus "Shared use of the Whitechapel estate is deferred until the NHS estates review reports in August" --outcome deferred
meeting close exec-2026-07

meeting schedule lap-1 lap1-2026-07 --on 2026-07-15T18:30 --venue "Oxford House, Derbyshire Street, Bethnal Green"
agenda add lap1-2026-07 projects --title "Progress on the priority projects"
agenda add lap1-2026-07 open-meeting --title "Plans for the autumn LAP open meeting"
agenda publish lap1-2026-07 --on 2026-07-07
attend lap1-2026-07 cllr-weavers-1
attend lap1-2026-07 cllr-weavers-2
attend lap1-2026-07 cllr-bgw-2
attend lap1-2026-07 cllr-st-peters-1
attend lap1-2026-07 resident-1
attend lap1-2026-07 resident-2
attend lap1-2026-07 resident-4
attend lap1-2026-07 resident-5
attend lap1-2026-07 resident-7
attend lap1-2026-07 resident-9
attend lap1-2026-07 resident-10
attend lap1-2026-07 resident-13
attend lap1-2026-07 resident-15
attend lap1-2026-07 safer
attend lap1-2026-07 healthy
apologies lap1-2026-07 resident-3
apologies lap1-2026-07 children
decide lap1-2026-07 projects --consensus "Progress on the three projects is noted" --outcome noted
decide lap1-2026-07 open-meeting --consensus "The open meeting is held at Oxford House on 16 September"
meeting close lap1-2026-07

# August: the Police send a new Borough Commander. The seats are the Police's; the new
# commander takes them without approval
seat fill board police ch-supt-aisha-karim --on 2026-08-03
seat fill executive police ch-supt-aisha-karim --on 2026-08-03

# ---------------------------------------------------------------------------------------
# August and September: the Executive and the Delivery Group, then the Board's monitoring
# meeting (Meeting 4, which agrees the focus of the winter's public workshops) and the LAP
# ---------------------------------------------------------------------------------------
meeting schedule executive exec-2026-08 --on 2026-08-12T09:30 --venue "Mayor's Office, Town Hall, 160 Whitechapel Road, E1"
agenda add exec-2026-08 targets-at-risk --title "The three LAA targets at risk"
agenda add exec-2026-08 estates --title "Shared use of the public estate in Whitechapel (deferred in July)"
agenda publish exec-2026-08 --on 2026-08-04
attend exec-2026-08 leader
attend exec-2026-08 council-ceo
attend exec-2026-08 nhs
attend exec-2026-08 police
attend exec-2026-08 housing-forum
attend exec-2026-08 third-sector
attend exec-2026-08 jcp
attend exec-2026-08 lead-member-regeneration
attend exec-2026-08 lead-member-employment
decide exec-2026-08 targets-at-risk --consensus "Recovery plans for the three targets are referred to the Board for its meeting of 2 September" --outcome referred --to board
decide exec-2026-08 estates --consensus "The NHS estates review is noted; partners take the shared-use options to their own boards" --outcome noted
meeting close exec-2026-08

meeting schedule prosperous-communities pc-2026-08 --on 2026-08-26T10:00 --venue "Town Hall, 160 Whitechapel Road, E1"
agenda add pc-2026-08 skills-grant --title "Adult skills grant: the response of partners"
agenda publish pc-2026-08 --on 2026-08-18
attend pc-2026-08 lead-member
attend pc-2026-08 elba
attend pc-2026-08 coo
attend pc-2026-08 jcp
attend pc-2026-08 university
attend pc-2026-08 college
attend pc-2026-08 third-sector
apologies pc-2026-08 canary-wharf
interest declare pc-2026-08 skills-grant priya-nair --nature personal --note "New City College receives the adult skills grant"
decide pc-2026-08 skills-grant --consensus "Partners fund 120 adult learning places between them for 2026-27"
meeting close pc-2026-08

meeting schedule board board-2026-09 --on 2026-09-02T17:30 --venue "Council Chamber, Town Hall, 160 Whitechapel Road, E1"
agenda add board-2026-09 recovery --title "Recovery plans for the three LAA targets at risk (referred by the Executive)"
agenda add board-2026-09 workshops --title "The focus of the winter public workshops and budget consultation"
agenda publish board-2026-09 --on 2026-08-24
attend board-2026-09 leader
attend board-2026-09 lead-member-regeneration
attend board-2026-09 lap-1-vice-chair
attend board-2026-09 prosperous-partner-chair
attend board-2026-09 faith-muslim
attend board-2026-09 faith-christian
attend board-2026-09 young-mayor
attend board-2026-09 deputy-young-mayor
attend board-2026-09 third-sector-1
attend board-2026-09 business-2
attend board-2026-09 council-ceo
attend board-2026-09 nhs
attend board-2026-09 police
attend board-2026-09 jcp
attend board-2026-09 fire
apologies board-2026-09 third-sector-2
apologies board-2026-09 business-1
apologies board-2026-09 housing-forum
decide board-2026-09 recovery --consensus "The recovery plans are agreed; the Executive reports progress in November"
decide board-2026-09 workshops --consensus "The workshops focus on housing, youth services and the cost of living, and double as the Council's budget consultation"
meeting close board-2026-09

meeting schedule lap-1 lap1-2026-09 --on 2026-09-23T18:30 --venue "Oxford House, Derbyshire Street, Bethnal Green"
agenda add lap1-2026-09 open-meeting --title "What residents said at the open meeting"
agenda add lap1-2026-09 membership --title "A resident vacancy"
agenda publish lap1-2026-09 --on 2026-09-15
attend lap1-2026-09 cllr-weavers-1
attend lap1-2026-09 cllr-weavers-2
attend lap1-2026-09 cllr-bgw-1
attend lap1-2026-09 cllr-st-peters-2
attend lap1-2026-09 resident-1
attend lap1-2026-09 resident-2
attend lap1-2026-09 resident-3
attend lap1-2026-09 resident-6
attend lap1-2026-09 resident-8
attend lap1-2026-09 resident-10
attend lap1-2026-09 resident-11
attend lap1-2026-09 resident-12
attend lap1-2026-09 resident-14
attend lap1-2026-09 great-place
attend lap1-2026-09 children
attend lap1-2026-09 prosperous
# A mistake: Nora Fitzgerald (resident-14) sent her apologies, and was recorded as present
# from the sign-in sheet of the open meeting. The correction names the event it retracts
# (version 17 of meeting:lap1-2026-09: its scheduling is version 1) and why; her apologies
# are then recorded. Nothing is deleted: `lsp audit --entity meeting:lap1-2026-09` shows both
correct meeting:lap1-2026-09 17 --reason "Nora Fitzgerald sent apologies; her name was taken from the open meeting's sign-in sheet"
apologies lap1-2026-09 resident-14
decide lap1-2026-09 open-meeting --consensus "The residents' views are noted and go to the Board's November meeting through the vice-chair" --outcome noted
decide lap1-2026-09 membership --consensus "Gary Wells's resignation is noted with thanks; the vacancy is filled through the application process" --outcome noted
meeting close lap1-2026-09
seat vacate lap-1 resident-7 --on 2026-09-24

# October: a new resident member, appointed through "a formal application process"
seat fill lap-1 resident-7 res-pauline-dixon --on 2026-10-12

# The Executive keeps its two-monthly cycle between the September and November Boards
meeting schedule executive exec-2026-10 --on 2026-10-07T09:30 --venue "Mayor's Office, Town Hall, 160 Whitechapel Road, E1"
agenda add exec-2026-10 budget-timetables --title "Partners' budget timetables for 2027-28"
agenda add exec-2026-10 winter --title "Winter pressures across health, housing and the Police"
agenda publish exec-2026-10 --on 2026-09-29
attend exec-2026-10 leader
attend exec-2026-10 council-ceo
attend exec-2026-10 nhs
attend exec-2026-10 police
attend exec-2026-10 third-sector
attend exec-2026-10 jcp
attend exec-2026-10 lead-member-regeneration
apologies exec-2026-10 housing-forum
decide exec-2026-10 budget-timetables --consensus "The partners' budget timetables are noted; a joint paper on priorities comes in November" --outcome noted
decide exec-2026-10 winter --consensus "The joint winter plan is referred to the Board in November" --outcome referred --to board
meeting close exec-2026-10

meeting schedule prosperous-communities pc-2026-10 --on 2026-10-28T10:00 --venue "Town Hall, 160 Whitechapel Road, E1"
agenda add pc-2026-10 quarter-two --title "Second-quarter performance, for the report to the Executive"
agenda publish pc-2026-10 --on 2026-10-20
attend pc-2026-10 lead-member
attend pc-2026-10 elba
attend pc-2026-10 coo
attend pc-2026-10 canary-wharf
attend pc-2026-10 jcp
attend pc-2026-10 business-forum
attend pc-2026-10 housing-forum
apologies pc-2026-10 university
decide pc-2026-10 quarter-two --consensus "The quarterly report to the Executive is agreed: apprenticeship starts at 210, on track"
meeting close pc-2026-10

# ---------------------------------------------------------------------------------------
# November: the Executive, LAP 1 and the Board's progress review and priority setting
# (Meeting 1, "End November", aligned with the budget), held as the year's open meeting
# ---------------------------------------------------------------------------------------
meeting schedule executive exec-2026-11 --on 2026-11-04T09:30 --venue "Mayor's Office, Town Hall, 160 Whitechapel Road, E1"
agenda add exec-2026-11 cpdg-report --title "Quarterly report of the Prosperous Communities Delivery Group"
agenda add exec-2026-11 budgets --title "Aligning partners' budgets with next year's priorities"
agenda publish exec-2026-11 --on 2026-10-27
attend exec-2026-11 leader
attend exec-2026-11 council-ceo
attend exec-2026-11 nhs
attend exec-2026-11 police
attend exec-2026-11 housing-forum
attend exec-2026-11 third-sector
attend exec-2026-11 jcp
attend exec-2026-11 lead-member-employment
apologies exec-2026-11 lead-member-regeneration
decide exec-2026-11 cpdg-report --consensus "The Delivery Group's report is noted" --outcome noted
decide exec-2026-11 budgets --consensus "Joint budget priorities are referred to the Board's November meeting" --outcome referred --to board
meeting close exec-2026-11

meeting schedule lap-1 lap1-2026-11 --on 2026-11-18T18:30 --venue "Oxford House, Derbyshire Street, Bethnal Green"
agenda add lap1-2026-11 board-views --title "LAP 1's priorities for the Board's November meeting"
agenda publish lap1-2026-11 --on 2026-11-10
attend lap1-2026-11 cllr-weavers-1
attend lap1-2026-11 cllr-bgw-1
attend lap1-2026-11 cllr-bgw-2
attend lap1-2026-11 cllr-st-peters-1
attend lap1-2026-11 resident-1
attend lap1-2026-11 resident-2
attend lap1-2026-11 resident-4
attend lap1-2026-11 resident-5
attend lap1-2026-11 resident-7
attend lap1-2026-11 resident-9
attend lap1-2026-11 resident-12
attend lap1-2026-11 resident-13
attend lap1-2026-11 resident-15
attend lap1-2026-11 safer
attend lap1-2026-11 healthy
apologies lap1-2026-11 resident-11
decide lap1-2026-11 board-views --consensus "The vice-chair puts housing repairs and youth provision to the Board as LAP 1's priorities"
meeting close lap1-2026-11

meeting schedule board board-2026-11 --on 2026-11-25T17:30 --venue "Council Chamber, Town Hall, 160 Whitechapel Road, E1 (open meeting)"
agenda add board-2026-11 progress --title "Progress review: annual LAA targets and local priorities"
agenda add board-2026-11 budgets --title "Joint budget priorities for 2027-28 (referred by the Executive)"
agenda add board-2026-11 lap-views --title "The LAPs' priorities" --proposer lap-1-vice-chair
agenda publish board-2026-11 --on 2026-11-16
attend board-2026-11 leader
attend board-2026-11 lead-member-regeneration
attend board-2026-11 lap-1-vice-chair
attend board-2026-11 prosperous-partner-chair
attend board-2026-11 faith-muslim
attend board-2026-11 faith-christian
attend board-2026-11 young-mayor
attend board-2026-11 third-sector-1
attend board-2026-11 third-sector-2
attend board-2026-11 business-1
attend board-2026-11 business-2
attend board-2026-11 council-ceo
attend board-2026-11 nhs
attend board-2026-11 police
attend board-2026-11 housing-forum
attend board-2026-11 jcp
apologies board-2026-11 deputy-young-mayor
apologies board-2026-11 fire
in-attendance board-2026-11 lena-kowalski --capacity officer
in-attendance board-2026-11 obs-rita-shah --capacity observer
decide board-2026-11 progress --consensus "Progress on the year's targets is noted: 15 of 17 on track after the recovery plans" --outcome noted
decide board-2026-11 budgets --consensus "The joint budget priorities for 2027-28 are agreed: housing, youth services and adult skills"
decide board-2026-11 lap-views --consensus "The LAPs' priorities are noted and set before the winter workshops" --outcome noted
meeting close board-2026-11
action add board-2026-11 workshop-programme --title "Circulate the winter workshop programme to partners" --owner sarah-whitfield --due 2026-12-01 --item budgets
# (not done by 2 December: the one warning `lsp check` gives at the end of the story)

# December: the Delivery Group meets again
meeting schedule prosperous-communities pc-2026-12 --on 2026-12-02T10:00 --venue "Town Hall, 160 Whitechapel Road, E1"
agenda add pc-2026-12 priorities --title "The Board's priorities for 2027-28: what they ask of the group"
agenda publish pc-2026-12 --on 2026-11-24
attend pc-2026-12 lead-member
attend pc-2026-12 elba
attend pc-2026-12 coo
attend pc-2026-12 jcp
attend pc-2026-12 college
attend pc-2026-12 third-sector
apologies pc-2026-12 canary-wharf
decide pc-2026-12 priorities --consensus "The group leads on adult skills in next year's plan"
meeting close pc-2026-12
