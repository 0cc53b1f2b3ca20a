# Daventry District LSP: a few months of membership history, as the secretariat would
# record it. Each line is an `lsp` command (run them yourself with `lsp --store FILE ...`);
# `lsp demo` replays this file. The people are invented.
#
# The story ends on 26 November 2026 (the December meeting is scheduled and its agenda
# published, not yet held), with one warning on purpose: the Police's new representative
# took the seat in June and with it the vice-chair, which the Executive has not confirmed
# since (rule role-holder-changed, 4.4).
# At its end: `lsp check --as-of 2026-11-26` warns of: role-holder-changed (executive).

init "Daventry District Local Strategic Partnership" --terms terms.toml --on 2026-04-01

# The core member organisations (terms 4.1)
org add daventry-dc --name "Daventry District Council"
org add daventry-volunteer-centre --name "Daventry Volunteer Centre"
org add futures-housing --name "Futures Housing Group"
org add nene-ccg --name "Nene Clinical Commissioning Group"
org add northampton-college --name "Northampton College"
org add northants-acre --name "Northamptonshire ACRE"
org add northants-calc --name "Northamptonshire County Association of Local Councils"
org add northants-cc --name "Northamptonshire County Council"
org add northants-police --name "Northamptonshire Police"

person add cllr-amy-hart --name "Cllr Amy Hart" --category elected-member
person add cllr-ben-osei --name "Cllr Ben Osei" --category elected-member
person add dan-kerr --name "Dan Kerr" --category officer
person add gill-ford --name "Gill Ford"
person add ravi-patel --name "Ravi Patel"
person add sue-lane --name "Dr Sue Lane"
person add tom-wade --name "Tom Wade"
person add ann-brook --name "Ann Brook"
person add pete-nash --name "Pete Nash"
person add cllr-jo-reid --name "Cllr Jo Reid"
person add supt-kate-moss --name "Supt Kate Moss"
person add insp-lee-chan --name "Insp Lee Chan"
person add supt-omar-ali --name "Supt Omar Ali"
person add mary-cole --name "Mary Cole"
person add sam-ellis --name "Sam Ellis (LSP Manager)"

# The Executive's seats, one per core member, three for the District Council (4.1, 4.2):
# two for elected members and one for an officer (4.1)
seat add executive ddc-member-1 --org daventry-dc --category elected-member --on 2026-04-01
seat add executive ddc-member-2 --org daventry-dc --category elected-member --on 2026-04-01
seat add executive ddc-officer --org daventry-dc --category officer --on 2026-04-01
seat add executive volunteer-centre --org daventry-volunteer-centre --on 2026-04-01
seat add executive futures --org futures-housing --on 2026-04-01
seat add executive ccg --org nene-ccg --on 2026-04-01
seat add executive college --org northampton-college --on 2026-04-01
seat add executive acre --org northants-acre --on 2026-04-01
seat add executive calc --org northants-calc --on 2026-04-01
seat add executive county --org northants-cc --on 2026-04-01
seat add executive police --org northants-police --on 2026-04-01

seat fill executive ddc-member-1 cllr-amy-hart --on 2026-04-01
seat fill executive ddc-member-2 cllr-ben-osei --on 2026-04-01
seat fill executive ddc-officer dan-kerr --on 2026-04-01
seat fill executive volunteer-centre gill-ford --on 2026-04-01
seat fill executive futures ravi-patel --on 2026-04-01
seat fill executive ccg sue-lane --on 2026-04-01
seat fill executive college tom-wade --on 2026-04-01
seat fill executive acre ann-brook --on 2026-04-01
seat fill executive calc pete-nash --on 2026-04-01
seat fill executive county cllr-jo-reid --on 2026-04-01
seat fill executive police supt-kate-moss --on 2026-04-01

# Chair and vice-chair, chosen from the core members (4.4)
role assign executive chair ddc-member-1 --on 2026-04-15
role assign executive vice-chair police --on 2026-04-15

# Each organisation names a deputy representative (3.2)
deputy nominate executive police insp-lee-chan --on 2026-04-20
deputy nominate executive ddc-member-1 cllr-jo-reid --on 2026-04-20

# June: the Police send a new representative; the replacement takes the seat without
# approval, and stays vice-chair because the role belongs to the seat
seat fill executive police supt-omar-ali --on 2026-06-01

# July: the CCG's representative leaves and the seat is vacant for a while
seat vacate executive ccg --on 2026-07-31
seat fill executive ccg mary-cole --on 2026-09-15

# October: a deputy recorded against the wrong seat, then corrected. Nothing is deleted:
# the correction names the event it retracts (version 31 of body:executive) and why
deputy nominate executive college ann-brook --on 2026-10-01
correct body:executive 31 --reason "Ann Brook represents ACRE; the College has named no deputy"

# The Health and Wellbeing Partnership Forum, open to any partner (4.13)
seat add forum volunteer-centre --org daventry-volunteer-centre --on 2026-05-01
seat add forum ccg --org nene-ccg --on 2026-05-01
seat fill forum volunteer-centre gill-ford --on 2026-05-01
seat fill forum ccg sue-lane --on 2026-05-01
role assign forum chair ccg --on 2026-05-01

# November: a meeting of the Executive. The agenda goes out at least 10 days before (4.7);
# a quorum is three voting members (4.5); decisions are by consensus, or exceptionally by
# a majority vote with the chair's casting vote (4.3); personal interests are declared (6.4)
meeting schedule executive exec-2026-11 --on 2026-11-12T14:00 --venue "Council Chamber, Lodge Road, Daventry"
agenda add exec-2026-11 volunteer-grant --title "Volunteer Centre bid to the Community Fund" --proposer volunteer-centre
agenda add exec-2026-11 annual-review --title "Annual review of the Executive's membership (4.4)"
agenda add exec-2026-11 forum-chair --title "Approval of the Forum's chair (4.14)"
agenda publish exec-2026-11 --on 2026-10-29
attend exec-2026-11 ddc-member-1
attend exec-2026-11 ddc-member-2
attend exec-2026-11 volunteer-centre
attend exec-2026-11 futures
attend exec-2026-11 police --deputy
apologies exec-2026-11 ccg
apologies exec-2026-11 college
in-attendance exec-2026-11 sam-ellis --capacity officer
interest declare exec-2026-11 volunteer-grant gill-ford --nature personal --note "Manager of the Volunteer Centre"
vote cast exec-2026-11 volunteer-grant ddc-member-1 for
vote cast exec-2026-11 volunteer-grant ddc-member-2 against
vote cast exec-2026-11 volunteer-grant futures for
vote cast exec-2026-11 volunteer-grant police against
vote cast exec-2026-11 volunteer-grant volunteer-centre abstain
vote close exec-2026-11 volunteer-grant --casting for --resolution "that the Executive support the Volunteer Centre's bid to the Community Fund"
decide exec-2026-11 annual-review --consensus "Membership reviewed: no changes to the core members"
# The Forum's chair is subject to the Executive's approval when it reviews membership (4.14)
decide exec-2026-11 forum-chair --consensus "Dr Sue Lane approved as chair of the Health and Wellbeing Partnership Forum"
role approve forum chair --meeting exec-2026-11 --item forum-chair
meeting close exec-2026-11
membership review executive --note "At exec-2026-11" --on 2026-11-12
# The action notes, written up after the meeting: one done before the next meeting, one
# carried to its agenda as a matter arising
action add exec-2026-11 letter-of-support --title "Send the Community Fund a letter of support" --owner gill-ford --due 2026-11-20 --item volunteer-grant
action add exec-2026-11 review-note --title "Circulate a note of the membership review" --owner sam-ellis --due 2026-12-20 --item annual-review
action done letter-of-support --on 2026-11-19

# Between meetings (4.6): the Volunteer Centre needs the Executive's approval before the
# Community Fund closes. A member proposes; the chair and one other member approve, and
# the decision is taken; it is reported to the following Executive meeting
decision propose executive vc-match-funding --title "Support the Volunteer Centre's Community Fund bid" --by volunteer-centre --text "The Executive supports the Volunteer Centre's bid to the Community Fund and names the LSP as a partner in it" --reasons "The bid delivers the Community Strategy's volunteering priority" --alternatives "Waiting for the December meeting (the Fund closes first); a bid from the Council alone" --urgency "The Community Fund closes on 30 November, before the next meeting" --on 2026-11-16
decision declare vc-match-funding gill-ford --nature personal --note "Manager of the Volunteer Centre" --on 2026-11-16
decision approve vc-match-funding --by futures --on 2026-11-17
decision approve vc-match-funding --by ddc-member-1 --on 2026-11-18
meeting schedule executive exec-2026-12 --on 2026-12-10T14:00 --venue "Council Chamber, Lodge Road, Daventry"
agenda add exec-2026-12 budget-2027 --title "The partnership's budget for 2027-28" --proposer ddc-member-1
# Published two weeks ahead, as November's was: the terms need 10 days' notice (4.7)
agenda publish exec-2026-12 --on 2026-11-26
# (no agenda item for the decisions taken between meetings: the agenda lists them itself,
# from the ledger, under "Decisions taken between meetings, to be reported")
