from smartgov.cli import main

raise SystemExit(main())
