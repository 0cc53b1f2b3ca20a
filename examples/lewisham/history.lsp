# Lewisham Strategic Partnership: the Partnership Steering Group is drawn from the Full
# Partnership (PSG, membership principle 1). `lsp demo` replays this file; the people are
# invented.
#
# The story ends on 12 May 2026, with Goldsmiths' request to join awaiting the PSG, and no
# warning. Run later, `lsp check` warns that the Full Partnership has not met since the
# ledger began (rule meeting-cycle: it meets three times a year).
# At its end: `lsp check --as-of 2026-05-12` warns of: nothing.

init "Lewisham Strategic Partnership" --terms terms.toml --on 2026-03-01

org add lewisham-council --name "Lewisham Council"
org add met-police --name "Metropolitan Police"
org add london-fire-brigade --name "London Fire Brigade"
org add lewisham-greenwich-nhs --name "Lewisham and Greenwich NHS Trust"
org add lewisham-college --name "Lewisham College"
org add lewisham-local --name "Lewisham Local"
org add goldsmiths --name "Goldsmiths, University of London"

person add mayor-ada-okafor --name "Mayor Ada Okafor" --category mayor
person add cllr-brenda-lowe --name "Cllr Brenda Lowe"
person add ceo-carl-price --name "Carl Price (Chief Executive)" --category council-chief-executive
person add bc-dina-shah --name "Borough Commander Dina Shah"
person add bm-eric-young --name "Borough Commander Eric Young"
person add dr-faye-adams --name "Dr Faye Adams"
person add gus-mendes --name "Gus Mendes"
person add hana-kim --name "Hana Kim"
person add ian-ross --name "Prof Ian Ross"
person add outsider --name "Olu Sanders"

# The Full Partnership (membership A to D)
seat add full mayor --org lewisham-council --category mayor --on 2026-03-01
seat add full cabinet-housing --org lewisham-council --on 2026-03-01
seat add full council-ceo --org lewisham-council --on 2026-03-01
seat add full met-police --org met-police --on 2026-03-01
seat add full fire --org london-fire-brigade --on 2026-03-01
seat add full nhs-trust --org lewisham-greenwich-nhs --on 2026-03-01
seat add full college --org lewisham-college --on 2026-03-01
seat add full lewisham-local --org lewisham-local --on 2026-03-01
seat add full goldsmiths --org goldsmiths --on 2026-03-01

seat fill full mayor mayor-ada-okafor --on 2026-03-01
seat fill full cabinet-housing cllr-brenda-lowe --on 2026-03-01
seat fill full council-ceo ceo-carl-price --on 2026-03-01
seat fill full met-police bc-dina-shah --on 2026-03-01
seat fill full fire bm-eric-young --on 2026-03-01
seat fill full nhs-trust dr-faye-adams --on 2026-03-01
seat fill full college gus-mendes --on 2026-03-01
seat fill full lewisham-local hana-kim --on 2026-03-01
seat fill full goldsmiths ian-ross --on 2026-03-01
role assign full chair mayor --on 2026-03-01

# Members may send a deputy (Full LSP, meetings)
deputy nominate full met-police gus-mendes --on 2026-03-10

# The Steering Group, drawn from the Full Partnership and chaired by the Chief Executive
seat add psg council-ceo --org lewisham-council --category council-chief-executive --on 2026-04-01
seat add psg deputy-mayor --org lewisham-council --on 2026-04-01
seat add psg met-police --org met-police --on 2026-04-01
seat add psg fire --org london-fire-brigade --on 2026-04-01
seat add psg nhs-trust --org lewisham-greenwich-nhs --on 2026-04-01
seat add psg lewisham-local --org lewisham-local --on 2026-04-01

seat fill psg council-ceo ceo-carl-price --on 2026-04-01
seat fill psg deputy-mayor cllr-brenda-lowe --on 2026-04-01
seat fill psg met-police bc-dina-shah --on 2026-04-01
seat fill psg fire bm-eric-young --on 2026-04-01
seat fill psg nhs-trust dr-faye-adams --on 2026-04-01
role assign psg chair council-ceo --on 2026-04-01

# A request to join, made through the PSG and decided at the Full Partnership
# (Full LSP, membership principle 9)
membership request full goldsmiths goldsmiths-2026 --on 2026-05-12
