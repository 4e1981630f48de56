// statemint report: click (or Enter on) a quote, speaker, cue or statement for its card in the side
// panel; click a speaker or variant in the speakers table to highlight that speaker's quotes.
// Everything shown comes from the JSON block and is set with textContent, never parsed as HTML.
(function(){
  var data=JSON.parse(document.getElementById('statemint-records').textContent);
  var panel=document.getElementById('panel'),card=document.getElementById('card');
  var raw=document.getElementById('record'),title=document.getElementById('record-title');
  var active=null;
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
  function who(s){if(!s)return 'no speaker found';return s.name+(s.party?' ('+(data.parties[s.party]||s.party)+')':'');}
  function field(name,value){var row=el('div','field');row.appendChild(el('span','name',name));
    if(typeof value==='string')row.appendChild(el('span','value',value));else row.appendChild(value);card.appendChild(row);}
  // The statement's text with each stance's evidence and target marked (offsets are the document's).
  function marked(rec,stances){
    var text=rec.text,base=rec.start,marks=[];
    (stances||[]).forEach(function(st){
      (st.evidence||[]).forEach(function(ev){marks.push([ev.start-base,ev.end-base,ev.weight<0?'ev neg':'ev pos',ev.text+' '+(ev.weight>0?'+':'')+ev.weight]);});
      if(st.target)marks.push([st.target.start-base,st.target.end-base,'tgt','about '+(data.parties[st.party]||st.party)]);
    });
    marks=marks.filter(function(m){return m[0]>=0&&m[1]<=text.length&&m[1]>m[0];});
    // the party mention is always marked: evidence that overlaps it ("by Beijing") gives way
    var targets=marks.filter(function(m){return m[2]==='tgt';});
    marks=marks.filter(function(m){return m[2]==='tgt'||!targets.some(function(t){return m[0]<t[1]&&t[0]<m[1];});})
      .sort(function(a,b){return a[0]-b[0];});
    var box=el('blockquote','said'),at=0;
    marks.forEach(function(m){if(m[0]<at)return;box.appendChild(document.createTextNode(text.slice(at,m[0])));
      var span=el('span',m[2],text.slice(m[0],m[1]));span.title=m[3];box.appendChild(span);at=m[1];});
    box.appendChild(document.createTextNode(text.slice(at)));return box;
  }
  function show(key){
    var rec=data.records[key];if(!rec)return;
    var stances=data.stances[key]||[];
    var sid=data.statement_of[key],statement=sid?data.records[key.split(':')[0]+':'+sid]:null;
    title.textContent=(rec.id.charAt(0)==='q'?'Quotation ':'Statement ')+rec.id+' — '+(data.docs[+key.slice(1,key.indexOf(':'))]||'');
    card.textContent='';
    var speaker=rec.speaker!==undefined?rec.speaker:rec.holder;
    field('speaker',who(speaker));
    if(speaker&&speaker.mention&&speaker.mention.text!==speaker.name)field('as',speaker.mention.text);
    field('cue',rec.cue?rec.cue.text:'—');
    field('kind',data.kinds[rec.kind]||rec.kind);
    var chips=el('span','chips');
    stances.forEach(function(st){var c=el('span','chip l-'+st.label,(data.parties[st.party]||st.party)+': '+st.label+' '+(st.score>0?'+':'')+st.score.toFixed(2));
      c.setAttribute('data-party',st.party);chips.appendChild(c);});
    if(!stances.length)chips.appendChild(el('span','none','no stance toward a party'));
    field('stance',chips);
    card.appendChild(marked(statement||rec,stances));
    raw.textContent=JSON.stringify({record:rec,stances:stances},null,2);
    panel.classList.add('open');
    if(active)active.classList.remove('active');
    active=document.getElementById(key.replace(':','-'));if(active)active.classList.add('active');
  }
  function highlight(name){
    document.querySelectorAll('mark.q.hl').forEach(function(m){m.classList.remove('hl');});
    var found=null;
    document.querySelectorAll('mark.q').forEach(function(m){if(m.getAttribute('data-speaker')===name){m.classList.add('hl');found=found||m;}});
    if(found)found.scrollIntoView({block:'center'});
  }
  document.addEventListener('click',function(ev){
    var variant=ev.target.closest('[data-speaker-row]');
    if(variant){highlight(variant.getAttribute('data-speaker-row'));return;}
    if(ev.target.closest('#close-panel')){panel.classList.remove('open');return;}
    var target=ev.target.closest('[data-key]');if(target)show(target.getAttribute('data-key'));
  });
  document.addEventListener('keydown',function(ev){
    if(ev.key==='Enter'&&ev.target.matches&&ev.target.matches('mark.q, [data-speaker-row]'))ev.target.click();
    if(ev.key==='Escape')panel.classList.remove('open');
  });
  // A link to a quotation (#d0-q19) opens its card, as a click on it does; otherwise nothing is selected.
  var linked=location.hash?document.getElementById(location.hash.slice(1)):null;
  if(linked&&linked.matches('mark.q, .st'))linked.click();
  document.body.setAttribute('data-ready','1');
})();
