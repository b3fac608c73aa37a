charter diff royalty-terms-old.charter.yaml royalty-terms-new.charter.yaml
