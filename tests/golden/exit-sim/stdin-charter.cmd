charter exit-sim - --trigger convenience --by beta --on 2027-03-01 --format markdown
