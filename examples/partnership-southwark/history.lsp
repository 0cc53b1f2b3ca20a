# Partnership Southwark, the borough's Local Care Partnership in the Our Healthier South
# East London ICS: February to November 2026, as the Health and Wellbeing Board's
# clerk and the partnership's office would record it. Each line is an `lsp` command (run
# them yourself with `lsp --store FILE batch examples/partnership-southwark/history.lsp`);
# `lsp demo --partnership partnership-southwark` replays this file. The people are
# invented; the organisations are the borough's own.
#
# The story: the Partnership Southwark Strategic Board (PSSB), a sub-committee of the
# Health and Wellbeing Board and a committee of the ICS NHS body (Decision 2(b)(i)),
# meets five times in the year (every two months, the summer aside) to steer the place's
# joint work; the Health and Wellbeing Board
# meets quarterly and, as in the minute this partnership's terms come from, "notes" and
# "endorses" (Decisions 1 to 3): it receives the PSSB's decisions as a report and notes
# them. Its members declare interests. After the borough elections of 7 May 2026 a new
# Leader of the Council takes the chair of the Health and Wellbeing Board, new Cabinet
# Members for Children and for Health and Wellbeing take their seats (the latter on both
# boards), and in July Healthwatch
# Southwark sends a new representative to the PSSB. In September the clerk records an
# item of the Health and Wellbeing Board as "agreed" where the Board "endorsed" it: the
# outcome is corrected while the meeting is open and recorded again.
#
# Left out because the terms do not provide for it: the minute "is not a full terms of
# reference" (the PSSB's terms were still to be finalised, Decision 3(a)), and says
# nothing of quorum, voting, notice, deputies, decisions between meetings or how often
# either board meets. So there is no decision between meetings here (the ledger refuses a
# proposal: rule 'between-meetings'), no deputy, no vote, and no meeting cycle to keep.
# The ICS NHS body (`ics-nhs-body`) is in the terms only as the PSSB's second reporting
# line: its own board keeps its own record, and no seats are added for it here.
#
# The story ends on 30 November 2026 with no warning: the terms ask for nothing the story
# leaves undone.
# At its end: `lsp check --as-of 2026-11-30` warns of: nothing.

init "Partnership Southwark" --terms terms.toml --on 2026-02-02

# ---------------------------------------------------------------------------------------
# The organisations
# ---------------------------------------------------------------------------------------
org add southwark-council --name "Southwark Council"
org add nhs-sel --name "NHS South East London Integrated Care Board"
org add gstt --name "Guy's and St Thomas' NHS Foundation Trust"
org add kings --name "King's College Hospital NHS Foundation Trust"
org add slam --name "South London and Maudsley NHS Foundation Trust"
org add improving-health --name "Improving Health Ltd (GP federation, north Southwark)"
org add quay-health --name "Quay Health Solutions (GP federation, south Southwark)"
org add community-southwark --name "Community Southwark"
org add healthwatch --name "Healthwatch Southwark"
org add partnership-southwark --name "Partnership Southwark"

# ---------------------------------------------------------------------------------------
# The people
# ---------------------------------------------------------------------------------------
person add cllr-helen-ward --name "Cllr Helen Ward (Leader of the Council)"
person add cllr-samuel-ade --name "Cllr Samuel Ade (Leader of the Council from May)"
person add cllr-rose-kelly --name "Cllr Rose Kelly (Cabinet Member for Health and Wellbeing)"
person add cllr-nia-mensah --name "Cllr Nia Mensah (Cabinet Member for Health and Wellbeing from May)"
person add cllr-tom-hayes --name "Cllr Tom Hayes (Cabinet Member for Children)"
person add cllr-grace-obi --name "Cllr Grace Obi (Cabinet Member for Children from May)"
person add david-quirke --name "David Quirke (Strategic Director of Children's and Adults' Services)"
person add dr-amara-singh --name "Dr Amara Singh (Director of Public Health)"
person add dr-yinka-ola --name "Dr Yinka Ola (Place Executive Lead, NHS South East London)"
person add prof-ruth-grant --name "Prof Ruth Grant (Guy's and St Thomas')"
person add liam-foster --name "Liam Foster (King's College Hospital)"
person add dr-sophie-marsh --name "Dr Sophie Marsh (South London and Maudsley)"
person add dr-hannah-webb --name "Dr Hannah Webb (Improving Health Ltd)"
person add dr-kofi-boateng --name "Dr Kofi Boateng (Quay Health Solutions)"
person add chloe-barnes --name "Chloe Barnes (Chief Executive, Community Southwark)"
person add maureen-clarke --name "Maureen Clarke (Healthwatch Southwark)"
person add jamal-idris --name "Jamal Idris (Healthwatch Southwark)"
person add anne-whitaker --name "Anne Whitaker (Partnership Southwark Chair)"
person add ruth-okonjo --name "Ruth Okonjo (Partnership Southwark office)"

# ---------------------------------------------------------------------------------------
# The Health and Wellbeing Board: the Council's members and officers, the NHS, the
# voluntary sector and Healthwatch; the Leader in the chair. The minute names neither its
# membership nor its chair's rule: the seats are the Board's statutory members
# ---------------------------------------------------------------------------------------
seat add hwb leader --org southwark-council --on 2026-02-02
seat add hwb health-wellbeing --org southwark-council --on 2026-02-02
seat add hwb children --org southwark-council --on 2026-02-02
seat add hwb adults-children-director --org southwark-council --on 2026-02-02
seat add hwb public-health --org southwark-council --on 2026-02-02
seat add hwb nhs --org nhs-sel --on 2026-02-02
seat add hwb gstt --org gstt --on 2026-02-02
seat add hwb kings --org kings --on 2026-02-02
seat add hwb slam --org slam --on 2026-02-02
seat add hwb voluntary-sector --org community-southwark --on 2026-02-02
seat add hwb healthwatch --org healthwatch --on 2026-02-02
seat add hwb partnership-southwark --org partnership-southwark --on 2026-02-02

seat fill hwb leader cllr-helen-ward --on 2026-02-02
seat fill hwb health-wellbeing cllr-rose-kelly --on 2026-02-02
seat fill hwb children cllr-tom-hayes --on 2026-02-02
seat fill hwb adults-children-director david-quirke --on 2026-02-02
seat fill hwb public-health dr-amara-singh --on 2026-02-02
seat fill hwb nhs dr-yinka-ola --on 2026-02-02
seat fill hwb gstt prof-ruth-grant --on 2026-02-02
seat fill hwb kings liam-foster --on 2026-02-02
seat fill hwb slam dr-sophie-marsh --on 2026-02-02
seat fill hwb voluntary-sector chloe-barnes --on 2026-02-02
seat fill hwb healthwatch maureen-clarke --on 2026-02-02
seat fill hwb partnership-southwark anne-whitaker --on 2026-02-02
role assign hwb chair leader --on 2026-02-02

# ---------------------------------------------------------------------------------------
# The Partnership Southwark Strategic Board: the Partnership Southwark Chair (recruited
# "via open and transparent recruitment processes", Decision 3(b)) presides; the Place
# Executive Lead ("LCP Director", Decision 2(a)(ii)); the borough partners' leads "from
# social care, primary care, community physical and mental health services, acute
# services and public health as a minimum" (Decision 3(c)); the voluntary sector; and
# the service user voice (Decision 2(c))
# ---------------------------------------------------------------------------------------
seat add pssb chair --org partnership-southwark --on 2026-02-02
seat add pssb place-lead --org nhs-sel --on 2026-02-02
seat add pssb council-member --org southwark-council --on 2026-02-02
seat add pssb social-care --org southwark-council --on 2026-02-02
seat add pssb public-health --org southwark-council --on 2026-02-02
seat add pssb acute-gstt --org gstt --on 2026-02-02
seat add pssb acute-kings --org kings --on 2026-02-02
seat add pssb mental-health --org slam --on 2026-02-02
seat add pssb primary-care-north --org improving-health --on 2026-02-02
seat add pssb primary-care-south --org quay-health --on 2026-02-02
seat add pssb voluntary-sector --org community-southwark --on 2026-02-02
seat add pssb healthwatch --org healthwatch --on 2026-02-02

seat fill pssb chair anne-whitaker --on 2026-02-02
seat fill pssb place-lead dr-yinka-ola --on 2026-02-02
seat fill pssb council-member cllr-rose-kelly --on 2026-02-02
seat fill pssb social-care david-quirke --on 2026-02-02
seat fill pssb public-health dr-amara-singh --on 2026-02-02
seat fill pssb acute-gstt prof-ruth-grant --on 2026-02-02
seat fill pssb acute-kings liam-foster --on 2026-02-02
seat fill pssb mental-health dr-sophie-marsh --on 2026-02-02
seat fill pssb primary-care-north dr-hannah-webb --on 2026-02-02
seat fill pssb primary-care-south dr-kofi-boateng --on 2026-02-02
seat fill pssb voluntary-sector chloe-barnes --on 2026-02-02
seat fill pssb healthwatch maureen-clarke --on 2026-02-02
role assign pssb chair chair --on 2026-02-02

# ---------------------------------------------------------------------------------------
# February and March
# ---------------------------------------------------------------------------------------
meeting schedule pssb pssb-2026-02 --on 2026-02-19T14:00 --venue "160 Tooley Street, SE1"
agenda add pssb-2026-02 delegations --title "Delegations from the ICS NHS body for 2026-27: community services and the Better Care Fund"
agenda add pssb-2026-02 assembly --title "The lived experience assembly: first six months"
agenda publish pssb-2026-02 --on 2026-02-11
attend pssb-2026-02 chair
attend pssb-2026-02 place-lead
attend pssb-2026-02 council-member
attend pssb-2026-02 social-care
attend pssb-2026-02 public-health
attend pssb-2026-02 acute-gstt
attend pssb-2026-02 mental-health
attend pssb-2026-02 primary-care-north
attend pssb-2026-02 voluntary-sector
attend pssb-2026-02 healthwatch
apologies pssb-2026-02 acute-kings
apologies pssb-2026-02 primary-care-south
in-attendance pssb-2026-02 ruth-okonjo --capacity officer
decide pssb-2026-02 delegations --consensus "The PSSB accepts the delegations for community services and the Better Care Fund from 1 April, within the ICS NHS body's scheme of delegation"
decide pssb-2026-02 assembly --consensus "The assembly's first report is noted; two assembly members join the PSSB's meetings as observers" --outcome noted
meeting close pssb-2026-02

meeting schedule hwb hwb-2026-03 --on 2026-03-12T14:00 --venue "Council Chamber, 160 Tooley Street, SE1"
agenda add hwb-2026-03 pssb-report --title "Partnership Southwark: the decisions of the PSSB"
agenda add hwb-2026-03 jsna --title "Joint Strategic Needs Assessment 2026"
agenda add hwb-2026-03 bcf --title "Better Care Fund plan 2026-27"
agenda publish hwb-2026-03 --on 2026-03-04
attend hwb-2026-03 leader
attend hwb-2026-03 health-wellbeing
attend hwb-2026-03 children
attend hwb-2026-03 adults-children-director
attend hwb-2026-03 public-health
attend hwb-2026-03 nhs
attend hwb-2026-03 gstt
attend hwb-2026-03 slam
attend hwb-2026-03 voluntary-sector
attend hwb-2026-03 healthwatch
attend hwb-2026-03 partnership-southwark
apologies hwb-2026-03 kings
interest declare hwb-2026-03 bcf chloe-barnes --nature personal --note "Community Southwark delivers the Better Care Fund's social prescribing service"
decide hwb-2026-03 pssb-report --consensus "The Board noted the decisions of its sub-committee, the PSSB, of 19 February" --outcome noted
decide hwb-2026-03 jsna --consensus "The Board noted the Joint Strategic Needs Assessment 2026" --outcome noted
decide hwb-2026-03 bcf --consensus "The Board endorsed the Better Care Fund plan 2026-27 for submission" --outcome endorsed
# Each decision of the PSSB is reported to the Board, its parent (Decision 2(b)(i))
decision report pssb-2026-02/delegations --meeting hwb-2026-03 --outcome noted
meeting close hwb-2026-03

# April: the PSSB, before the pre-election period
meeting schedule pssb pssb-2026-04 --on 2026-04-16T14:00 --venue "160 Tooley Street, SE1"
agenda add pssb-2026-04 winter-review --title "Review of winter 2025-26 across the place"
agenda add pssb-2026-04 neighbourhoods --title "Integrated neighbourhood teams: the first two"
agenda publish pssb-2026-04 --on 2026-04-08
attend pssb-2026-04 chair
attend pssb-2026-04 place-lead
attend pssb-2026-04 council-member
attend pssb-2026-04 social-care
attend pssb-2026-04 acute-gstt
attend pssb-2026-04 acute-kings
attend pssb-2026-04 mental-health
attend pssb-2026-04 primary-care-north
attend pssb-2026-04 primary-care-south
attend pssb-2026-04 healthwatch
apologies pssb-2026-04 public-health
interest declare pssb-2026-04 neighbourhoods dr-kofi-boateng --nature personal --note "Quay Health Solutions would host the Peckham team"
interest declare pssb-2026-04 neighbourhoods dr-hannah-webb --nature personal --note "Improving Health Ltd would host the Bermondsey team"
decide pssb-2026-04 winter-review --consensus "The winter review is noted" --outcome noted
decide pssb-2026-04 neighbourhoods --consensus "The first two integrated neighbourhood teams start in Peckham and Bermondsey in September"
meeting close pssb-2026-04

# May: after the elections, Council elects a new Leader on 20 May, who takes the chair of
# the Health and Wellbeing Board with the Leader's seat; the new Cabinet Member for Health
# and Wellbeing takes the Council's member seats on both boards, and the new Cabinet
# Member for Children the Children seat
seat fill hwb leader cllr-samuel-ade --on 2026-05-20
role assign hwb chair leader --on 2026-05-20
seat fill hwb health-wellbeing cllr-nia-mensah --on 2026-05-20
seat fill pssb council-member cllr-nia-mensah --on 2026-05-20
seat fill hwb children cllr-grace-obi --on 2026-05-20

# ---------------------------------------------------------------------------------------
# June and July
# ---------------------------------------------------------------------------------------
meeting schedule pssb pssb-2026-06 --on 2026-06-18T14:00 --venue "160 Tooley Street, SE1"
agenda add pssb-2026-06 mental-health --title "Community mental health: the joint offer with SLaM"
agenda add pssb-2026-06 annual-report --title "Partnership Southwark annual report 2025-26, for the HWB and the ICS NHS body"
agenda publish pssb-2026-06 --on 2026-06-10
attend pssb-2026-06 chair
attend pssb-2026-06 place-lead
attend pssb-2026-06 council-member
attend pssb-2026-06 social-care
attend pssb-2026-06 public-health
attend pssb-2026-06 acute-gstt
attend pssb-2026-06 mental-health
attend pssb-2026-06 primary-care-south
attend pssb-2026-06 voluntary-sector
attend pssb-2026-06 healthwatch
apologies pssb-2026-06 acute-kings
decide pssb-2026-06 mental-health --consensus "The joint community mental health offer is agreed for the Better Care Fund's second year"
decide pssb-2026-06 annual-report --consensus "The annual report is agreed, to go to the Health and Wellbeing Board and to the ICS NHS body"
meeting close pssb-2026-06

meeting schedule hwb hwb-2026-07 --on 2026-07-09T14:00 --venue "Council Chamber, 160 Tooley Street, SE1"
agenda add hwb-2026-07 annual-report --title "Partnership Southwark annual report 2025-26"
agenda add hwb-2026-07 pssb-report --title "Partnership Southwark: the decisions of the PSSB"
agenda add hwb-2026-07 strategy --title "Joint Health and Wellbeing Strategy: the refresh"
agenda publish hwb-2026-07 --on 2026-07-01
attend hwb-2026-07 leader
attend hwb-2026-07 health-wellbeing
attend hwb-2026-07 children
attend hwb-2026-07 adults-children-director
attend hwb-2026-07 public-health
attend hwb-2026-07 nhs
attend hwb-2026-07 kings
attend hwb-2026-07 slam
attend hwb-2026-07 voluntary-sector
attend hwb-2026-07 healthwatch
attend hwb-2026-07 partnership-southwark
apologies hwb-2026-07 gstt
decide hwb-2026-07 annual-report --consensus "The Board noted the annual report of Partnership Southwark" --outcome noted
decide hwb-2026-07 pssb-report --consensus "The Board noted the decisions of the PSSB of 16 April and 18 June" --outcome noted
decide hwb-2026-07 strategy --consensus "The Board endorsed the approach to refreshing the Joint Health and Wellbeing Strategy" --outcome endorsed
# Each decision of the PSSB is reported to the Board, its parent (Decision 2(b)(i))
decision report pssb-2026-04/neighbourhoods --meeting hwb-2026-07 --outcome noted
decision report pssb-2026-06/mental-health --meeting hwb-2026-07 --outcome noted
decision report pssb-2026-06/annual-report --meeting hwb-2026-07 --outcome noted
meeting close hwb-2026-07
action add hwb-2026-07 strategy-engagement --title "Plan the engagement on the strategy refresh with the lived experience assembly" --owner dr-amara-singh --due 2026-09-01 --item strategy
action done strategy-engagement --on 2026-08-27

# July: Healthwatch Southwark sends a new representative to the PSSB
seat fill pssb healthwatch jamal-idris --on 2026-07-20

# ---------------------------------------------------------------------------------------
# September: the PSSB, then the HWB, where an outcome is first recorded wrongly
# ---------------------------------------------------------------------------------------
meeting schedule pssb pssb-2026-09 --on 2026-09-10T14:00 --venue "160 Tooley Street, SE1"
agenda add pssb-2026-09 neighbourhoods --title "Integrated neighbourhood teams: going live"
agenda add pssb-2026-09 finance --title "Place budget: month 4"
agenda publish pssb-2026-09 --on 2026-09-02
attend pssb-2026-09 chair
attend pssb-2026-09 place-lead
attend pssb-2026-09 council-member
attend pssb-2026-09 social-care
attend pssb-2026-09 public-health
attend pssb-2026-09 acute-kings
attend pssb-2026-09 mental-health
attend pssb-2026-09 primary-care-north
attend pssb-2026-09 primary-care-south
attend pssb-2026-09 voluntary-sector
attend pssb-2026-09 healthwatch
apologies pssb-2026-09 acute-gstt
decide pssb-2026-09 neighbourhoods --consensus "The two teams went live on 1 September; the update is noted" --outcome noted
decide pssb-2026-09 finance --consensus "A recovery plan for the community services overspend is agreed"
meeting close pssb-2026-09

meeting schedule hwb hwb-2026-09 --on 2026-09-24T14:00 --venue "Council Chamber, 160 Tooley Street, SE1"
agenda add hwb-2026-09 pssb-report --title "Partnership Southwark: the decisions of the PSSB"
agenda add hwb-2026-09 pharmacy --title "Pharmaceutical Needs Assessment: the draft for consultation"
agenda publish hwb-2026-09 --on 2026-09-16
attend hwb-2026-09 leader
attend hwb-2026-09 health-wellbeing
attend hwb-2026-09 adults-children-director
attend hwb-2026-09 public-health
attend hwb-2026-09 nhs
attend hwb-2026-09 gstt
attend hwb-2026-09 kings
attend hwb-2026-09 voluntary-sector
attend hwb-2026-09 healthwatch
attend hwb-2026-09 partnership-southwark
apologies hwb-2026-09 children
apologies hwb-2026-09 slam
decide hwb-2026-09 pssb-report --consensus "The Board noted the decisions of the PSSB of 10 September" --outcome noted
decide hwb-2026-09 pharmacy --consensus "The Board endorsed the draft Pharmaceutical Needs Assessment for consultation"
# A mistake: the clerk left the outcome at its default, "agreed", where the Board
# "endorsed" the draft. While the meeting is open the outcome is retracted (version 18 of
# meeting:hwb-2026-09) and recorded again; `lsp audit --entity meeting:hwb-2026-09` shows both
correct meeting:hwb-2026-09 18 --reason "The Board endorsed the draft; the outcome was recorded as agreed"
decide hwb-2026-09 pharmacy --consensus "The Board endorsed the draft Pharmaceutical Needs Assessment for consultation" --outcome endorsed
# Each decision of the PSSB is reported to the Board, its parent (Decision 2(b)(i))
decision report pssb-2026-09/finance --meeting hwb-2026-09 --outcome noted
meeting close hwb-2026-09

# ---------------------------------------------------------------------------------------
# November
# ---------------------------------------------------------------------------------------
meeting schedule pssb pssb-2026-11 --on 2026-11-12T14:00 --venue "160 Tooley Street, SE1"
agenda add pssb-2026-11 winter --title "Winter plan 2026-27 for the place"
agenda add pssb-2026-11 finance --title "Place budget: month 6 and the recovery plan"
agenda publish pssb-2026-11 --on 2026-11-04
attend pssb-2026-11 chair
attend pssb-2026-11 place-lead
attend pssb-2026-11 council-member
attend pssb-2026-11 social-care
attend pssb-2026-11 public-health
attend pssb-2026-11 acute-gstt
attend pssb-2026-11 acute-kings
attend pssb-2026-11 mental-health
attend pssb-2026-11 primary-care-north
attend pssb-2026-11 voluntary-sector
attend pssb-2026-11 healthwatch
apologies pssb-2026-11 primary-care-south
decide pssb-2026-11 winter --consensus "The winter plan 2026-27 is agreed"
decide pssb-2026-11 finance --consensus "The recovery plan is on track; the month 6 position is noted" --outcome noted
meeting close pssb-2026-11

meeting schedule hwb hwb-2026-11 --on 2026-11-26T14:00 --venue "Council Chamber, 160 Tooley Street, SE1"
agenda add hwb-2026-11 pssb-report --title "Partnership Southwark: the decisions of the PSSB"
agenda add hwb-2026-11 strategy --title "Joint Health and Wellbeing Strategy 2027-32: the draft"
agenda publish hwb-2026-11 --on 2026-11-18
attend hwb-2026-11 leader
attend hwb-2026-11 health-wellbeing
attend hwb-2026-11 children
attend hwb-2026-11 adults-children-director
attend hwb-2026-11 public-health
attend hwb-2026-11 nhs
attend hwb-2026-11 gstt
attend hwb-2026-11 slam
attend hwb-2026-11 voluntary-sector
attend hwb-2026-11 healthwatch
attend hwb-2026-11 partnership-southwark
apologies hwb-2026-11 kings
decide hwb-2026-11 pssb-report --consensus "The Board noted the decisions of the PSSB of 12 November, the winter plan among them" --outcome noted
decide hwb-2026-11 strategy --consensus "The Board endorsed the draft strategy for public consultation from January" --outcome endorsed
# Each decision of the PSSB is reported to the Board, its parent (Decision 2(b)(i))
decision report pssb-2026-11/winter --meeting hwb-2026-11 --outcome noted
meeting close hwb-2026-11
