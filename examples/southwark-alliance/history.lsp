# The Southwark Alliance, the borough's local strategic partnership: January to November
# 2026, as its Secretariat would record it. Each line is an `lsp` command (run them
# yourself with `lsp --store FILE batch examples/southwark-alliance/history.lsp`);
# `lsp demo --partnership southwark-alliance` replays this file. The people are invented;
# the organisations are the borough's own.
#
# The story: the Board meets quarterly (Recommendation 5), starting with the awayday
# "early in the new year" that agrees its work programme, and every member of the Board
# nominates a deputy "empowered to act and make decisions in that member's absence"
# (Recommendation 5): the Police's deputy sits for the Borough Commander in September.
# The executive sub-committee, chaired by the Leader of the Council (Recommendation 7),
# agrees a funding bid and monitors the LAA. Safer Southwark agrees its partnership plan
# and the Housing Strategic Partnership its action plan: "a plan or strategy agreed by a
# TP has been agreed by the Alliance" (Recommendation 1), so the Board notes them and no
# longer ratifies them. The London borough elections of 7 May 2026 bring a new Leader of
# the Council (chair of the sub-committee, seat on the Board) and new Cabinet Members for
# Children and for Health and Wellbeing; the Board reviews its membership in June, the "place for the leader of the
# opposition" with it (Recommendation 4). A deputy recorded against the wrong seat in
# March is corrected. A GP representative joins the Board in October, "an appropriate
# network of GPs" having been established (Recommendation 4).
#
# Left out because the terms do not provide for it: decisions between meetings. The
# deputies are "empowered to act and make decisions ... between meetings", but
# Recommendation 5 gives no rule for how a decision between meetings is taken (no chair
# and N members, no number), and the ledger refuses a proposal (rule 'between-meetings').
# Nor do the terms give a quorum, voting rules or agenda notice, so the ledger enforces
# none; the Thematic Partnerships have no meeting cycle in the terms. Of the six Thematic
# Partnerships, two are kept here (Safer Southwark and Housing), for the length of an
# example.
#
# The story ends on 30 November 2026, with one warning on purpose: the GP representative,
# on the Board since October, has not yet nominated a deputy (rule deputy-required,
# Recommendation 5). Run later, `lsp check` also warns once the Board's next quarterly
# meeting is overdue (rule meeting-cycle).
# At its end: `lsp check --as-of 2026-11-30` warns of: deputy-required (board).

init "Southwark Alliance" --terms terms.toml --on 2026-01-05

# ---------------------------------------------------------------------------------------
# The organisations
# ---------------------------------------------------------------------------------------
org add southwark-council --name "Southwark Council"
org add met-police --name "Metropolitan Police, Central South Command Unit"
org add lfb --name "London Fire Brigade"
org add probation --name "Probation Service, Southwark"
org add nhs-sel --name "NHS South East London Integrated Care Board"
org add gstt --name "Guy's and St Thomas' NHS Foundation Trust"
org add kings --name "King's College Hospital NHS Foundation Trust"
org add community-southwark --name "Community Southwark"
org add better-bankside --name "Better Bankside"
org add jcp --name "Jobcentre Plus (Lambeth, Southwark and Wandsworth)"
org add lsbu --name "London South Bank University"
org add peabody --name "Peabody (for the Southwark Housing Associations Group)"
org add clarion --name "Clarion Housing Group"
org add sgto --name "Southwark Group of Tenants' Organisations"
org add gp-federation --name "Improving Health Ltd (Southwark GP federation)"

# ---------------------------------------------------------------------------------------
# The people: members of the Board and their deputies
# ---------------------------------------------------------------------------------------
person add cllr-helen-ward --name "Cllr Helen Ward (Leader of the Council)" --category leader-of-the-council
person add cllr-samuel-ade --name "Cllr Samuel Ade (Leader of the Council from May)" --category leader-of-the-council
person add cllr-maria-lopez --name "Cllr Maria Lopez (Deputy Leader)"
person add cllr-tom-hayes --name "Cllr Tom Hayes (Cabinet Member for Children)"
person add cllr-grace-obi --name "Cllr Grace Obi (Cabinet Member for Children from May)"
person add cllr-anil-mehta --name "Cllr Anil Mehta (Cabinet Member for Environment)"
person add cllr-rose-kelly --name "Cllr Rose Kelly (Cabinet Member for Health and Wellbeing)"
person add cllr-nia-mensah --name "Cllr Nia Mensah (Cabinet Member for Health and Wellbeing from May)"
person add cllr-peter-bland --name "Cllr Peter Bland (Leader of the Opposition)"
person add cllr-jane-ross --name "Cllr Jane Ross (Deputy Leader of the Opposition)"
person add cllr-kwame-asante --name "Cllr Kwame Asante (Deputy Cabinet Member)"
person add cllr-lily-tran --name "Cllr Lily Tran (Deputy Cabinet Member)"
person add alan-fisher --name "Alan Fisher (Chief Executive, Southwark Council)"
person add nicola-james --name "Nicola James (Strategic Director, Southwark Council)"
person add ch-supt-dev-sharma --name "Ch Supt Dev Sharma (Borough Commander)"
person add supt-kate-lyons --name "Supt Kate Lyons (Metropolitan Police)"
person add dr-yinka-ola --name "Dr Yinka Ola (Place Executive Lead, NHS South East London)"
person add mark-edwards --name "Mark Edwards (NHS South East London)"
person add prof-ruth-grant --name "Prof Ruth Grant (Guy's and St Thomas')"
person add simon-lee --name "Simon Lee (Guy's and St Thomas')"
person add chloe-barnes --name "Chloe Barnes (Chief Executive, Community Southwark)"
person add femi-bello --name "Femi Bello (Community Southwark)"
person add claire-dunn --name "Claire Dunn (Chief Executive, Better Bankside)"
person add oliver-hart --name "Oliver Hart (Better Bankside)"
person add sunita-rao --name "Sunita Rao (External Relations Manager, Jobcentre Plus)"
person add gary-price --name "Gary Price (Jobcentre Plus)"
person add martin-cole --name "Martin Cole (Regional Director, Peabody)"
person add joan-eze --name "Joan Eze (Peabody)"
person add dr-hannah-webb --name "Dr Hannah Webb (Southwark GP federation)"
person add dr-tariq-aziz --name "Dr Tariq Aziz (Southwark GP federation)"
person add eileen-murphy --name "Eileen Murphy (Alliance Secretariat)"

# ---------------------------------------------------------------------------------------
# The Board (Recommendation 4: all key sectors, "keeping numbers to an essential
# minimum", the Council leading "without dominating"). Its membership is Appendix 2,
# not part of the text: the seats follow Recommendation 4's proposals
# ---------------------------------------------------------------------------------------
seat add board leader --org southwark-council --on 2026-01-05
seat add board children --org southwark-council --on 2026-01-05
seat add board environment --org southwark-council --on 2026-01-05
seat add board health-social-care --org southwark-council --on 2026-01-05
seat add board opposition --org southwark-council --on 2026-01-05
seat add board council-ceo --org southwark-council --on 2026-01-05
seat add board police --org met-police --on 2026-01-05
seat add board nhs --org nhs-sel --on 2026-01-05
seat add board acute --org gstt --on 2026-01-05
seat add board voluntary-sector --org community-southwark --on 2026-01-05
seat add board business --org better-bankside --on 2026-01-05
seat add board local-economy --org jcp --on 2026-01-05
seat add board housing --org peabody --on 2026-01-05

seat fill board leader cllr-helen-ward --on 2026-01-05
seat fill board children cllr-tom-hayes --on 2026-01-05
seat fill board environment cllr-anil-mehta --on 2026-01-05
seat fill board health-social-care cllr-rose-kelly --on 2026-01-05
seat fill board opposition cllr-peter-bland --on 2026-01-05
seat fill board council-ceo alan-fisher --on 2026-01-05
seat fill board police ch-supt-dev-sharma --on 2026-01-05
seat fill board nhs dr-yinka-ola --on 2026-01-05
seat fill board acute prof-ruth-grant --on 2026-01-05
seat fill board voluntary-sector chloe-barnes --on 2026-01-05
seat fill board business claire-dunn --on 2026-01-05
seat fill board local-economy sunita-rao --on 2026-01-05
seat fill board housing martin-cole --on 2026-01-05
role assign board chair leader --on 2026-01-05

# Recommendation 5: "for every member of the Board to nominate a deputy"
deputy nominate board leader cllr-maria-lopez --on 2026-01-05
deputy nominate board children cllr-kwame-asante --on 2026-01-05
deputy nominate board environment cllr-lily-tran --on 2026-01-05
deputy nominate board health-social-care cllr-kwame-asante --on 2026-01-05
deputy nominate board opposition cllr-jane-ross --on 2026-01-05
deputy nominate board council-ceo nicola-james --on 2026-01-05
deputy nominate board police supt-kate-lyons --on 2026-01-05
deputy nominate board nhs mark-edwards --on 2026-01-05
deputy nominate board acute simon-lee --on 2026-01-05
deputy nominate board voluntary-sector femi-bello --on 2026-01-05
deputy nominate board business oliver-hart --on 2026-01-05
deputy nominate board local-economy gary-price --on 2026-01-05
deputy nominate board housing joan-eze --on 2026-01-05

# ---------------------------------------------------------------------------------------
# The executive sub-committee, "chaired by the Leader of the Council" (Recommendation 7);
# its membership is Appendix 3, not part of the text
# ---------------------------------------------------------------------------------------
seat add executive leader --org southwark-council --category leader-of-the-council --on 2026-01-05
seat add executive council-ceo --org southwark-council --on 2026-01-05
seat add executive police --org met-police --on 2026-01-05
seat add executive nhs --org nhs-sel --on 2026-01-05
seat add executive voluntary-sector --org community-southwark --on 2026-01-05
seat add executive local-economy --org jcp --on 2026-01-05
seat fill executive leader cllr-helen-ward --on 2026-01-05
seat fill executive council-ceo alan-fisher --on 2026-01-05
seat fill executive police ch-supt-dev-sharma --on 2026-01-05
seat fill executive nhs dr-yinka-ola --on 2026-01-05
seat fill executive voluntary-sector chloe-barnes --on 2026-01-05
seat fill executive local-economy sunita-rao --on 2026-01-05
role assign executive chair leader --on 2026-01-05

# ---------------------------------------------------------------------------------------
# Two of the six Thematic Partnerships (Recommendation 3), with the chairs Recommendation 4
# records: Safer Southwark "chaired by the Borough Commander", the Housing Strategic
# Partnership by the Regional Director representing the housing associations
# ---------------------------------------------------------------------------------------
person add lisa-grey --name "Lisa Grey (Head of Community Safety, Southwark Council)"
person add ray-barker --name "Ray Barker (Head of Probation, Southwark)"
person add bc-ana-silva --name "Ana Silva (Borough Commander, London Fire Brigade)"
person add dr-ben-ikeda --name "Dr Ben Ikeda (NHS South East London)"
person add steve-cross --name "Steve Cross (Director of Housing, Southwark Council)"
person add priti-dutt --name "Priti Dutt (Clarion Housing Group)"
person add winston-clarke --name "Winston Clarke (Southwark Group of Tenants' Organisations)"

seat add safer-southwark police --org met-police --on 2026-01-05
seat add safer-southwark council --org southwark-council --on 2026-01-05
seat add safer-southwark probation --org probation --on 2026-01-05
seat add safer-southwark fire --org lfb --on 2026-01-05
seat add safer-southwark nhs --org nhs-sel --on 2026-01-05
seat add safer-southwark voluntary-sector --org community-southwark --on 2026-01-05
seat fill safer-southwark police ch-supt-dev-sharma --on 2026-01-05
seat fill safer-southwark council lisa-grey --on 2026-01-05
seat fill safer-southwark probation ray-barker --on 2026-01-05
seat fill safer-southwark fire bc-ana-silva --on 2026-01-05
seat fill safer-southwark nhs dr-ben-ikeda --on 2026-01-05
seat fill safer-southwark voluntary-sector femi-bello --on 2026-01-05
role assign safer-southwark chair police --on 2026-01-05

seat add housing housing-associations --org peabody --on 2026-01-05
seat add housing council --org southwark-council --on 2026-01-05
seat add housing clarion --org clarion --on 2026-01-05
seat add housing tenants --org sgto --on 2026-01-05
seat add housing voluntary-sector --org community-southwark --on 2026-01-05
seat fill housing housing-associations martin-cole --on 2026-01-05
seat fill housing council steve-cross --on 2026-01-05
seat fill housing clarion priti-dutt --on 2026-01-05
seat fill housing tenants winston-clarke --on 2026-01-05
seat fill housing voluntary-sector chloe-barnes --on 2026-01-05
role assign housing chair housing-associations --on 2026-01-05

# ---------------------------------------------------------------------------------------
# January: the Board's awayday (Recommendation 5) agrees the work programme
# ---------------------------------------------------------------------------------------
meeting schedule board board-2026-01 --on 2026-01-28T09:30 --venue "Southwark Council, 160 Tooley Street, SE1 (awayday)"
agenda add board-2026-01 work-programme --title "The Board's work programme for 2026 (Recommendation 1)"
agenda add board-2026-01 sponsors --title "A Board sponsor for each workstream (Recommendation 5)"
agenda add board-2026-01 informal-working --title "Informal partnership working between meetings"
agenda publish board-2026-01 --on 2026-01-16
attend board-2026-01 leader
attend board-2026-01 children
attend board-2026-01 environment
attend board-2026-01 health-social-care
attend board-2026-01 opposition
attend board-2026-01 council-ceo
attend board-2026-01 police
attend board-2026-01 nhs
attend board-2026-01 acute
attend board-2026-01 voluntary-sector
attend board-2026-01 business
attend board-2026-01 local-economy
attend board-2026-01 housing
in-attendance board-2026-01 eileen-murphy --capacity officer
decide board-2026-01 work-programme --consensus "The work programme is agreed: public services and demand, the public estate, and the mid-term refresh of the Sustainable Community Strategy"
decide board-2026-01 sponsors --consensus "Workstream sponsors: the Chief Executive (public estate), the Place Executive Lead (services and demand), the Leader (strategy refresh)"
decide board-2026-01 informal-working --consensus "Monthly briefings for members and their deputies between meetings are noted" --outcome noted
meeting close board-2026-01

# February: Safer Southwark agrees its plan: agreed for the Alliance (Recommendation 1)
meeting schedule safer-southwark safer-2026-02 --on 2026-02-11T14:00 --venue "160 Tooley Street, SE1"
agenda add safer-2026-02 partnership-plan --title "Safer Southwark Partnership Plan 2026-29"
agenda add safer-2026-02 violence --title "Serious violence duty: the strategic needs assessment"
agenda publish safer-2026-02 --on 2026-02-03
attend safer-2026-02 police
attend safer-2026-02 council
attend safer-2026-02 probation
attend safer-2026-02 fire
attend safer-2026-02 voluntary-sector
apologies safer-2026-02 nhs
decide safer-2026-02 partnership-plan --consensus "The Safer Southwark Partnership Plan 2026-29 is agreed"
decide safer-2026-02 violence --consensus "The strategic needs assessment is noted" --outcome noted
meeting close safer-2026-02

# The executive sub-committee agrees a funding bid "through an executive sub-committee"
# (Recommendation 1)
meeting schedule executive exec-2026-02 --on 2026-02-25T10:00 --venue "160 Tooley Street, SE1"
agenda add exec-2026-02 youth-bid --title "Bid to the Youth Investment Fund for a Peckham youth hub"
agenda add exec-2026-02 laa --title "LAA performance: third quarter"
agenda publish exec-2026-02 --on 2026-02-17
attend exec-2026-02 leader
attend exec-2026-02 council-ceo
attend exec-2026-02 police
attend exec-2026-02 nhs
attend exec-2026-02 voluntary-sector
attend exec-2026-02 local-economy
interest declare exec-2026-02 youth-bid chloe-barnes --nature personal --note "Community Southwark would host the hub's volunteer programme"
vote cast exec-2026-02 youth-bid leader for
vote cast exec-2026-02 youth-bid council-ceo for
vote cast exec-2026-02 youth-bid police for
vote cast exec-2026-02 youth-bid nhs for
vote cast exec-2026-02 youth-bid voluntary-sector abstain
vote cast exec-2026-02 youth-bid local-economy against
vote close exec-2026-02 youth-bid --alternatives "Two smaller bids, for Peckham and Bermondsey"
decide exec-2026-02 laa --consensus "Third-quarter LAA performance is noted" --outcome noted
meeting close exec-2026-02

# ---------------------------------------------------------------------------------------
# March: the Board notes Safer Southwark's plan: it "specifically ceases to ratify"
# the plans a Thematic Partnership has agreed (Recommendation 1)
# ---------------------------------------------------------------------------------------
meeting schedule board board-2026-03 --on 2026-03-18T17:00 --venue "160 Tooley Street, SE1"
agenda add board-2026-03 safer-plan --title "Safer Southwark Partnership Plan 2026-29, agreed by Safer Southwark"
agenda add board-2026-03 estate --title "Mapping the public sector estate: first findings"
agenda publish board-2026-03 --on 2026-03-06
attend board-2026-03 leader
attend board-2026-03 children
attend board-2026-03 health-social-care
attend board-2026-03 opposition
attend board-2026-03 council-ceo
attend board-2026-03 police
attend board-2026-03 nhs
attend board-2026-03 acute --deputy
attend board-2026-03 voluntary-sector
attend board-2026-03 business
attend board-2026-03 housing
apologies board-2026-03 acute
apologies board-2026-03 environment
apologies board-2026-03 local-economy
decide board-2026-03 safer-plan --consensus "The plan, agreed by Safer Southwark for the Alliance, is noted; each member champions it in their own organisation" --outcome noted
decide board-2026-03 estate --consensus "The first findings are noted; a rationalisation plan comes to the June Board" --outcome noted
meeting close board-2026-03

# A mistake: the Council's new Director of Housing named as the housing associations'
# deputy on the Board, when Peabody had renewed Joan Eze. The correction names the event it
# retracts (version 42 of body:board) and why; nothing is deleted
deputy nominate board housing steve-cross --on 2026-03-23
correct body:board 42 --reason "Peabody renewed Joan Eze as its deputy; Steve Cross is the Council's officer, not the housing associations'"

# April: the sub-committee monitors the LAA before the pre-election period
meeting schedule executive exec-2026-04 --on 2026-04-15T10:00 --venue "160 Tooley Street, SE1"
agenda add exec-2026-04 laa --title "LAA performance: year-end 2025-26"
agenda add exec-2026-04 commissioning --title "Joint commissioning of employment support"
agenda publish exec-2026-04 --on 2026-04-07
attend exec-2026-04 leader
attend exec-2026-04 council-ceo
attend exec-2026-04 nhs
attend exec-2026-04 voluntary-sector
attend exec-2026-04 local-economy
apologies exec-2026-04 police
decide exec-2026-04 laa --consensus "Year-end LAA performance is noted; two targets are escalated to the Board" --outcome noted
decide exec-2026-04 commissioning --consensus "Employment support is jointly commissioned with Jobcentre Plus from October"
meeting close exec-2026-04

# ---------------------------------------------------------------------------------------
# May: the borough elections. Council elects a new Leader on 20 May, who takes the
# Leader's seats and the chair of the sub-committee; the new Cabinet Members for Children
# and for Health and Wellbeing (the Executive Member for Health and Social Care of
# Recommendation 4) take their seats. The seats' deputies stand until the members name
# others
# ---------------------------------------------------------------------------------------
seat fill board leader cllr-samuel-ade --on 2026-05-20
seat fill executive leader cllr-samuel-ade --on 2026-05-20
seat fill board children cllr-grace-obi --on 2026-05-20
seat fill board health-social-care cllr-nia-mensah --on 2026-05-20
role assign board chair leader --on 2026-05-20
role assign executive chair leader --on 2026-05-20

# June: the Housing Strategic Partnership agrees its action plan for the Alliance
meeting schedule housing housing-2026-06 --on 2026-06-03T14:00 --venue "Peabody, Westminster Bridge Road, SE1"
agenda add housing-2026-06 action-plan --title "Housing Strategy action plan 2026-28"
agenda add housing-2026-06 temporary-accommodation --title "Temporary accommodation: the pressures"
agenda publish housing-2026-06 --on 2026-05-26
attend housing-2026-06 housing-associations
attend housing-2026-06 council
attend housing-2026-06 clarion
attend housing-2026-06 tenants
apologies housing-2026-06 voluntary-sector
interest declare housing-2026-06 action-plan priti-dutt --nature personal --note "Clarion is bidding for the Aylesbury regeneration phase the plan names"
decide housing-2026-06 action-plan --consensus "The Housing Strategy action plan 2026-28 is agreed"
decide housing-2026-06 temporary-accommodation --consensus "The pressures are noted; a joint procurement paper comes in the autumn" --outcome noted
meeting close housing-2026-06

meeting schedule board board-2026-06 --on 2026-06-24T17:00 --venue "160 Tooley Street, SE1"
agenda add board-2026-06 membership --title "Board membership after the elections, the place for the leader of the opposition with it (Recommendation 4)"
agenda add board-2026-06 housing-plan --title "Housing Strategy action plan 2026-28, agreed by the Housing Strategic Partnership"
agenda add board-2026-06 estate --title "Public estate rationalisation plan"
agenda publish board-2026-06 --on 2026-06-12
attend board-2026-06 leader
attend board-2026-06 children
attend board-2026-06 environment
attend board-2026-06 health-social-care
attend board-2026-06 opposition
attend board-2026-06 council-ceo
attend board-2026-06 police
attend board-2026-06 nhs
attend board-2026-06 acute
attend board-2026-06 voluntary-sector
attend board-2026-06 local-economy
attend board-2026-06 housing
apologies board-2026-06 business
decide board-2026-06 membership --consensus "The Board's membership is reviewed: the leader of the opposition keeps a place; a GP representative joins once the GP federation names one"
decide board-2026-06 housing-plan --consensus "The action plan, agreed by the Housing Strategic Partnership for the Alliance, is noted" --outcome noted
decide board-2026-06 estate --consensus "The rationalisation plan is agreed for consultation with partners' boards"
meeting close board-2026-06
membership review board --note "At board-2026-06, after the elections: the leader of the opposition keeps a place; a GP place to come" --on 2026-06-24
action add board-2026-06 gp-nomination --title "Ask the GP federation to nominate a Board member and a deputy" --owner alan-fisher --due 2026-09-01 --item membership
action done gp-nomination --on 2026-08-14

# July: the sub-committee
meeting schedule executive exec-2026-07 --on 2026-07-15T10:00 --venue "160 Tooley Street, SE1"
agenda add exec-2026-07 laa --title "LAA performance: first quarter"
agenda add exec-2026-07 estate-consultation --title "Partners' responses on the public estate plan"
agenda publish exec-2026-07 --on 2026-07-07
attend exec-2026-07 leader
attend exec-2026-07 council-ceo
attend exec-2026-07 police
attend exec-2026-07 nhs
attend exec-2026-07 voluntary-sector
apologies exec-2026-07 local-economy
decide exec-2026-07 laa --consensus "First-quarter performance is noted" --outcome noted
decide exec-2026-07 estate-consultation --consensus "The responses are noted and go to the September Board" --outcome noted
meeting close exec-2026-07

# ---------------------------------------------------------------------------------------
# September: the Borough Commander sends apologies and his deputy acts for him
# ("empowered to act and make decisions in that member's absence ... at meetings")
# ---------------------------------------------------------------------------------------
meeting schedule safer-southwark safer-2026-09 --on 2026-09-09T14:00 --venue "160 Tooley Street, SE1"
agenda add safer-2026-09 plan-progress --title "Partnership Plan: six-month progress"
agenda publish safer-2026-09 --on 2026-09-01
attend safer-2026-09 police
attend safer-2026-09 council
attend safer-2026-09 probation
attend safer-2026-09 nhs
attend safer-2026-09 voluntary-sector
apologies safer-2026-09 fire
decide safer-2026-09 plan-progress --consensus "Progress is noted; knife crime actions are strengthened in the plan's second year" --outcome noted
meeting close safer-2026-09

meeting schedule board board-2026-09 --on 2026-09-23T17:00 --venue "160 Tooley Street, SE1"
agenda add board-2026-09 scs-refresh --title "Mid-term refresh of the Sustainable Community Strategy: the approach"
agenda add board-2026-09 estate --title "Public estate: partners' responses"
agenda publish board-2026-09 --on 2026-09-11
attend board-2026-09 leader
attend board-2026-09 children
attend board-2026-09 environment
attend board-2026-09 health-social-care
attend board-2026-09 council-ceo
attend board-2026-09 police --deputy
attend board-2026-09 nhs
attend board-2026-09 acute
attend board-2026-09 voluntary-sector
attend board-2026-09 business
attend board-2026-09 local-economy
attend board-2026-09 housing
apologies board-2026-09 police
apologies board-2026-09 opposition
decide board-2026-09 scs-refresh --consensus "The approach to the refresh is agreed: a resident survey in the autumn and the draft at the Board in March"
decide board-2026-09 estate --consensus "Three shared sites are agreed: Peckham, Walworth and Bermondsey"
meeting close board-2026-09

# October: the GP federation's representative joins the Board (Recommendation 4)
seat add board gp --org gp-federation --on 2026-10-15
seat fill board gp dr-hannah-webb --on 2026-10-15

meeting schedule executive exec-2026-10 --on 2026-10-21T10:00 --venue "160 Tooley Street, SE1"
agenda add exec-2026-10 laa --title "LAA performance: second quarter"
agenda add exec-2026-10 budgets --title "Partners' budget pressures for 2027-28"
agenda publish exec-2026-10 --on 2026-10-13
attend exec-2026-10 leader
attend exec-2026-10 council-ceo
attend exec-2026-10 police
attend exec-2026-10 nhs
attend exec-2026-10 voluntary-sector
attend exec-2026-10 local-economy
decide exec-2026-10 laa --consensus "Second-quarter performance is noted" --outcome noted
decide exec-2026-10 budgets --consensus "The budget pressures are noted and go to the November Board" --outcome noted
meeting close exec-2026-10

# ---------------------------------------------------------------------------------------
# November: the Board's last meeting of the year
# ---------------------------------------------------------------------------------------
meeting schedule board board-2026-11 --on 2026-11-25T17:00 --venue "160 Tooley Street, SE1"
agenda add board-2026-11 budgets --title "Partners' budget pressures and the Alliance's priorities for 2027-28"
agenda add board-2026-11 survey --title "The resident survey: first results"
agenda publish board-2026-11 --on 2026-11-13
attend board-2026-11 leader
attend board-2026-11 children
attend board-2026-11 environment
attend board-2026-11 health-social-care
attend board-2026-11 opposition
attend board-2026-11 council-ceo
attend board-2026-11 police
attend board-2026-11 nhs
attend board-2026-11 acute
attend board-2026-11 voluntary-sector
attend board-2026-11 local-economy
attend board-2026-11 housing
attend board-2026-11 gp
apologies board-2026-11 business
decide board-2026-11 budgets --consensus "The Alliance's priorities for 2027-28 are agreed: prevention, the shared estate and employment support"
decide board-2026-11 survey --consensus "The first results are noted" --outcome noted
meeting close board-2026-11
# (Dr Webb has named no deputy yet: the one warning `lsp check` gives at the end)
